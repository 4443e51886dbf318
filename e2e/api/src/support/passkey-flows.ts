import type { ApiInstance } from './api-instance';
import { expectStatus } from './fixtures';
import type { LoginBody } from './flows';
import type { ApiResponse } from './http-client';
import {
  AuthenticationOptionsJson,
  CeremonyTweaks,
  RegistrationOptionsJson,
  SoftwareAuthenticator,
  StoredCredential,
} from '../../../../scripts/lib/software-authenticator.cjs';

/** A passkey as GET /users/me/passkeys lists it (docs/architecture.md › Routes and folders). */
export interface PasskeyItem {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
  deviceType: 'singleDevice' | 'multiDevice';
}

export interface Ceremony<T> {
  challengeId: string;
  options: T;
}

/** A software authenticator for the instance's PUBLIC_URL, the origin its pages are served from. */
export function authenticatorFor(app: ApiInstance, counting = true): SoftwareAuthenticator {
  return new SoftwareAuthenticator(new URL(app.publicUrl).origin, counting);
}

export async function registrationOptions(app: ApiInstance, token: string) {
  const response = await app.client.post<Ceremony<RegistrationOptionsJson>>(
    '/auth/passkeys/registration/options',
    undefined,
    { token },
  );
  expectStatus(response, 200);
  return response.body;
}

/** The whole registration ceremony; returns the answer to POST /auth/passkeys/registration as it came. */
export async function tryRegisterPasskey(
  app: ApiInstance,
  token: string,
  authenticator: SoftwareAuthenticator,
  { name, ...tweaks }: CeremonyTweaks & { name?: string } = {},
): Promise<ApiResponse<{ passkey: PasskeyItem }>> {
  const { challengeId, options } = await registrationOptions(app, token);
  const response = authenticator.register(options, tweaks);
  return app.client.post<{ passkey: PasskeyItem }>(
    '/auth/passkeys/registration',
    { challengeId, response, ...(name !== undefined && { name }) },
    { token },
  );
}

/** Registers a passkey for the signed-in user; expects 201 and returns it. */
export async function registerPasskey(
  app: ApiInstance,
  token: string,
  authenticator: SoftwareAuthenticator,
  extra: CeremonyTweaks & { name?: string } = {},
): Promise<PasskeyItem> {
  const response = await tryRegisterPasskey(app, token, authenticator, extra);
  expectStatus(response, 201);
  return response.body.passkey;
}

export async function authenticationOptions(app: ApiInstance) {
  const response = await app.client.post<Ceremony<AuthenticationOptionsJson>>(
    '/auth/passkeys/authentication/options',
  );
  expectStatus(response, 200);
  return response.body;
}

/** The discoverable sign-in ceremony; returns the answer of POST /auth/passkeys/authentication as it came. */
export async function trySignInWithPasskey(
  app: ApiInstance,
  authenticator: SoftwareAuthenticator,
  tweaks: CeremonyTweaks = {},
  extra: Record<string, unknown> = {},
  credential?: StoredCredential,
  finishOn: ApiInstance = app,
): Promise<ApiResponse<LoginBody>> {
  const { challengeId, options } = await authenticationOptions(app);
  const response = authenticator.assert(options, tweaks, credential);
  return finishOn.client.post<LoginBody>('/auth/passkeys/authentication', {
    challengeId,
    response,
    ...extra,
  });
}

export function listPasskeys(app: ApiInstance, token: string) {
  return app.client.get<PasskeyItem[]>('/users/me/passkeys', { token });
}
