import type { ApiEndpoint, ApiInstance } from './api-instance';
import { expectStatus, passphrase, uniqueEmail } from './fixtures';
import type { ApiResponse } from './http-client';
import { extractLink, hasLink, ReceivedMail, SmtpSink } from './smtp-sink';

/** Paths of the SPA pages that emailed links open (docs/architecture.md › Routes and folders). */
export const LINK_PATHS = {
  confirmEmail: 'confirm-email',
  cancelEmailChange: 'cancel-email-change',
  resetPassword: 'reset-password',
  magicLink: 'magic-link',
};
const MAIL_TIMEOUT_MS = 10_000;

export interface Credentials {
  email: string;
  password: string;
}

export interface SignUpInput {
  email?: string;
  password?: string;
  nickname?: string;
}

/**
 * The profile of GET /users/me and of the `user` in login and confirm responses (docs/architecture.md ›
 * Routes and folders).
 */
export interface UserProfile {
  id: string;
  email: string;
  nickname: string;
  avatarUrl: string;
  emailConfirmed: boolean;
  approved: boolean;
  role: string;
  hasPassword: boolean;
  passkeyCount: number;
  mfaEnabled: boolean;
  recoveryCodesLeft: number;
  /** 'en' or 'de': the language of the account's mail (§12). */
  locale: string;
  createdAt: string;
}

export interface LoginBody {
  user: UserProfile;
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
  /** With tokenDelivery "body": proof of this sign-in for the next ones from the same client. */
  deviceToken?: string;
}

export interface SignedInUser extends Credentials {
  user: UserProfile;
  accessToken: string;
  refreshToken: string;
}

/** POST /auth/signup with fresh defaults for anything not given; expects 202. */
export async function requestSignUp(app: ApiEndpoint, input: SignUpInput = {}) {
  const body = {
    email: input.email ?? uniqueEmail(),
    password: input.password ?? passphrase(),
    ...pick(input, 'nickname'),
  };
  const response = await app.client.post('/auth/signup', body);
  expectStatus(response, 202);
  return { credentials: { email: body.email, password: body.password }, response };
}

/** Signs up a new address and waits for its confirmation mail. */
export async function signUp(app: ApiEndpoint, sink: SmtpSink, input: SignUpInput = {}) {
  const { credentials, response } = await requestSignUp(app, input);
  const mail = await confirmationMail(app, sink, credentials.email);
  return {
    ...credentials,
    response,
    mail,
    confirmToken: extractLink(mail, app.publicUrl, LINK_PATHS.confirmEmail),
  };
}

/** The mail to `email` that carries a confirmation link (as opposed to the "already registered" notice). */
export function confirmationMail(
  app: ApiEndpoint,
  sink: SmtpSink,
  email: string,
  timeoutMs = MAIL_TIMEOUT_MS,
) {
  return sink.waitForMail(
    { to: email, containing: `${app.publicUrl}/${LINK_PATHS.confirmEmail}?` },
    timeoutMs,
  );
}

/** The next mail to `email` without a confirmation link: the "someone tried to sign up" notice. */
export function alreadyRegisteredNotice(
  app: ApiEndpoint,
  sink: SmtpSink,
  email: string,
  timeoutMs = MAIL_TIMEOUT_MS,
) {
  return sink.waitForMail({ to: email, where: (mail) => !isConfirmationMail(app, mail) }, timeoutMs);
}

export function isConfirmationMail(app: ApiEndpoint, mail: ReceivedMail): boolean {
  return hasLink(mail, app.publicUrl, LINK_PATHS.confirmEmail);
}

/** POST /auth/email/confirm with the mail's token; expects 200 and returns the confirmed user. */
export async function confirmFromMail(app: ApiEndpoint, mail: ReceivedMail): Promise<UserProfile> {
  const token = extractLink(mail, app.publicUrl, LINK_PATHS.confirmEmail);
  const response = await app.client.post<{ user: UserProfile }>('/auth/email/confirm', { token });
  expectStatus(response, 200);
  return response.body.user;
}

/** POST /auth/login; expects 200. Extra fields (rememberMe, tokenDelivery) pass through. */
export async function loginAs(
  app: ApiEndpoint,
  credentials: Credentials,
  extra: Record<string, unknown> = {},
): Promise<LoginBody & { response: ApiResponse<LoginBody> }> {
  const { email, password } = credentials;
  const response = await app.client.post<LoginBody>('/auth/login', { email, password, ...extra });
  expectStatus(response, 200);
  return { ...response.body, response };
}

/** A signed-up user (confirmed unless asked otherwise) with a fresh login's tokens from the body. */
export async function signedInUser(
  app: ApiEndpoint,
  sink: SmtpSink,
  { confirmed = true, ...input }: SignUpInput & { confirmed?: boolean } = {},
): Promise<SignedInUser> {
  const account = await signUp(app, sink, input);
  if (confirmed) await confirmFromMail(app, account.mail);
  const { user, accessToken, refreshToken } = await loginAs(app, account);
  if (!refreshToken) throw new Error('login with body delivery returned no refreshToken');
  return { email: account.email, password: account.password, user, accessToken, refreshToken };
}

/**
 * Ages every unused one-time token of the address's account past its expiry; returns the rows it aged.
 * Expiry is driven through the database, the only clock-independent way a black-box test can age a
 * token: there is no confirmation-TTL setting (24 h is fixed). On PGlite this restarts the instance.
 */
export function expirePendingTokens(app: ApiInstance, email: string) {
  return app.editDatabase((sql) =>
    sql(
      `UPDATE one_time_tokens SET expires_at = now() - interval '1 minute'
       WHERE consumed_at IS NULL AND user_id = (SELECT id FROM users WHERE email = $1)
       RETURNING id`,
      [email.toLowerCase()],
    ),
  );
}

/**
 * How many accounts the address has, read from the database (users.email holds the lower-cased address):
 * the race tests must see rows, not just answers. On PGlite this restarts the instance (see editDatabase).
 */
export async function accountCount(app: ApiInstance, email: string): Promise<number> {
  const [row] = await app.editDatabase((sql) =>
    sql('SELECT count(*)::int AS count FROM users WHERE email = $1', [email.toLowerCase()]),
  );
  return Number(row.count);
}

function pick<T extends object, K extends keyof T>(object: T, key: K): Partial<Pick<T, K>> {
  return object[key] === undefined ? {} : ({ [key]: object[key] } as Pick<T, K>);
}
