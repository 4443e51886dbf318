import type { components } from '@latchkey/api-client';
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { api } from './client';
import { dataOf } from './problems';

/** What the API takes: the credential's JSON, whose extension results the browser library types more narrowly. */
type AuthenticationCredential = components['schemas']['AuthenticationCredentialDto'];

/**
 * A passkey's answer to fresh authentication options: the browser offers this site's passkeys and the
 * person picks one. The same body signs in (POST /auth/passkeys/authentication) and confirms it is them
 * (POST /auth/reauthenticate). Throws the browser's refusal when the prompt is cancelled.
 */
export async function passkeyAssertion(): Promise<{
  challengeId: string;
  response: AuthenticationCredential;
}> {
  const { challengeId, options } = dataOf(await api.POST('/api/v1/auth/passkeys/authentication/options'));
  const optionsJSON = options as unknown as PublicKeyCredentialRequestOptionsJSON;
  const response = (await startAuthentication({ optionsJSON })) as unknown as AuthenticationCredential;
  return { challengeId, response };
}
