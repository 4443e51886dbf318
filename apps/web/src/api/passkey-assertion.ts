import type { components } from '@latchkey/api-client';
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { api } from './client';
import { dataOf } from './problems';

/** What the API takes: the credential's JSON, whose extension results the browser library types more narrowly. */
type AuthenticationCredential = components['schemas']['AuthenticationCredentialDto'];

/** Fresh options from POST /auth/passkeys/authentication/options: one challenge, good for one answer. */
export interface AuthenticationChallenge {
  challengeId: string;
  optionsJSON: PublicKeyCredentialRequestOptionsJSON;
}

/** A passkey's answer to a challenge: the body that signs in and that confirms it is them. */
export interface PasskeyAssertion {
  challengeId: string;
  response: AuthenticationCredential;
}

export async function authenticationChallenge(): Promise<AuthenticationChallenge> {
  const { challengeId, options } = dataOf(await api.POST('/api/v1/auth/passkeys/authentication/options'));
  return { challengeId, optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON };
}

/**
 * The browser offers this site's passkeys and the person picks one: in a prompt, or (`autofill`) among the
 * suggestions of a field marked `autocomplete="… webauthn"`, which waits until someone picks. Starting one
 * cancels the one pending before it. Throws the browser's refusal when the prompt is cancelled or aborted.
 */
export async function answerChallenge(
  { challengeId, optionsJSON }: AuthenticationChallenge,
  autofill = false,
): Promise<PasskeyAssertion> {
  const response = await startAuthentication({ optionsJSON, useBrowserAutofill: autofill });
  return { challengeId, response: response as unknown as AuthenticationCredential };
}

/**
 * A passkey's answer to fresh authentication options. The same body signs in (POST
 * /auth/passkeys/authentication) and confirms it is them (POST /auth/reauthenticate).
 */
export async function passkeyAssertion(): Promise<PasskeyAssertion> {
  return answerChallenge(await authenticationChallenge());
}
