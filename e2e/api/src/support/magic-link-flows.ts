import { createHash, randomBytes } from 'node:crypto';
import type { ApiInstance } from './api-instance';
import { expectProblem, expectStatus, uniqueEmail } from './fixtures';
import { LINK_PATHS, LoginBody } from './flows';
import type { LooseBody } from './http-client';
import { extractCode } from './password-flows';
import { extractLink, ReceivedMail, SmtpSink } from './smtp-sink';

const MAIL_TIMEOUT_MS = 10_000;

/** A PKCE pair as a client makes it (RFC 7636, S256): the verifier stays, the challenge goes with the request. */
export interface Pkce {
  codeVerifier: string;
  codeChallenge: string;
}

export function newPkce(): Pkce {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
}

export interface MagicLinkMail {
  mail: ReceivedMail;
  /** The `token` of the `PUBLIC_URL/magic-link?token=…` link. */
  token: string;
  /** The 6-digit code, or undefined when the mail has none (codes paused after too many wrong tries). */
  code: string | undefined;
}

/** POST /auth/magic-link; expects 202. */
export async function requestMagicLink(app: ApiInstance, email: string, pkce: Pkce = newPkce()) {
  const response = await app.client.post('/auth/magic-link', { email, codeChallenge: pkce.codeChallenge });
  expectStatus(response, 202);
  return response;
}

/**
 * The first mail to `email` with a magic link that is not among `seen` (the mails of earlier requests).
 * Take `seen` from `sink.matching({ to: email })` before the request.
 */
export async function magicLinkMail(
  app: ApiInstance,
  sink: SmtpSink,
  email: string,
  seen: ReceivedMail[] = [],
): Promise<MagicLinkMail> {
  const mail = await sink.waitForMail(
    {
      to: email,
      containing: `${app.publicUrl}/${LINK_PATHS.magicLink}?`,
      where: (candidate) => !seen.includes(candidate),
    },
    MAIL_TIMEOUT_MS,
  );
  return { mail, token: extractLink(mail, app.publicUrl, LINK_PATHS.magicLink), code: extractCode(mail) };
}

/** Asks for a magic link for `email` with a fresh PKCE pair, and waits for the mail it causes. */
export async function askForMagicLink(app: ApiInstance, sink: SmtpSink, email: string) {
  const pkce = newPkce();
  const seen = sink.matching({ to: email });
  await requestMagicLink(app, email, pkce);
  return { ...(await magicLinkMail(app, sink, email, seen)), pkce };
}

/** POST /auth/magic-link/verify with the body as given: a sign-in answer, or a problem. */
export function verifyMagicLink(app: ApiInstance, body: Record<string, unknown>) {
  return app.client.post<LoginBody & LooseBody>('/auth/magic-link/verify', body);
}

/**
 * Signs up without a password (POST /auth/signup with a codeChallenge); expects 202 and waits for the
 * "confirm and sign in" mail.
 */
export async function signUpWithoutPassword(
  app: ApiInstance,
  sink: SmtpSink,
  input: { email?: string; nickname?: string } = {},
) {
  const email = input.email ?? uniqueEmail('passwordless');
  const pkce = newPkce();
  const response = await app.client.post('/auth/signup', {
    email,
    codeChallenge: pkce.codeChallenge,
    ...(input.nickname !== undefined && { nickname: input.nickname }),
  });
  expectStatus(response, 202);
  return { email, pkce, response, ...(await magicLinkMail(app, sink, email)) };
}

/** Neither the link nor the code of the mail signs in (any more), even with the right verifier. */
export async function expectMagicLinkDead(
  app: ApiInstance,
  email: string,
  { token, code, pkce }: Pick<MagicLinkMail, 'token' | 'code'> & { pkce: Pkce },
): Promise<void> {
  const { codeVerifier } = pkce;
  for (const body of [
    { token, codeVerifier },
    { email, code, codeVerifier },
  ]) {
    expectProblem(await verifyMagicLink(app, body), 400, 'INVALID_TOKEN');
  }
}

/**
 * Ages the account's live sign-in link and code past their expiry, through the database (the only clock a
 * black-box test has; see expirePendingTokens); returns the rows it aged. On PGlite this restarts the instance.
 */
export function expireMagicLinks(app: ApiInstance, email: string) {
  return app.editDatabase((sql) =>
    sql(
      `UPDATE one_time_tokens SET expires_at = now() - interval '1 second'
       WHERE consumed_at IS NULL AND purpose IN ('magic-link', 'magic-link-code')
         AND user_id = (SELECT id FROM users WHERE email = $1)
       RETURNING id`,
      [email.toLowerCase()],
    ),
  );
}
