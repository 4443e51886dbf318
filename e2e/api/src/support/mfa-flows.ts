import type { ApiInstance } from './api-instance';
import { expectStatus } from './fixtures';
import type { Credentials, LoginBody } from './flows';
import { decodeJwt } from './forge-token';
import type { LooseBody } from './http-client';
import { AuthenticatorApp } from './authenticator-app';

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

export function startTotp(app: ApiInstance, token: string) {
  return app.client.post<TotpEnrolment>('/users/me/mfa/totp', undefined, { token });
}

export function confirmTotp(app: ApiInstance, token: string, code: string) {
  return app.client.post<{ recoveryCodes: string[] }>('/users/me/mfa/totp/confirm', { code }, { token });
}

/** Turns TOTP on for the signed-in user: the app that makes its codes, and the first recovery codes. */
export async function enrolTotp(
  app: ApiInstance,
  token: string,
): Promise<{ authenticator: AuthenticatorApp; recoveryCodes: string[] }> {
  const started = await startTotp(app, token);
  expectStatus(started, 200);
  const authenticator = new AuthenticatorApp(started.body.secret);
  const confirmed = await confirmTotp(app, token, await authenticator.nextCode());
  expectStatus(confirmed, 200);
  return { authenticator, recoveryCodes: confirmed.body.recoveryCodes };
}

/** The `mfaRequired` answer of a first sign-in step on an account with TOTP. */
export interface MfaRequired {
  mfaRequired: true;
  mfaToken: string;
  expiresIn: number;
  methods: string[];
}

/** POST /auth/login on an account with TOTP; expects the `mfaRequired` answer and returns it. */
export async function loginToSecondStep(
  app: ApiInstance,
  { email, password }: Credentials,
  extra: Record<string, unknown> = {},
): Promise<MfaRequired> {
  const response = await app.client.post<MfaRequired>('/auth/login', { email, password, ...extra });
  expectStatus(response, 200);
  expect(response.body.mfaRequired).toBe(true);
  return response.body;
}

/** POST /auth/mfa/verify with the body as given: a sign-in answer, or a problem. */
export function verifyMfa(app: ApiInstance, body: Record<string, unknown>) {
  return app.client.post<LoginBody & LooseBody>('/auth/mfa/verify', body);
}

/** The `amr` claim of an access token. */
export function amrOf(accessToken: string): unknown {
  return decodeJwt(accessToken).payload.amr;
}
