import type { ApiInstance } from './api-instance';
import { expectProblem, expectStatus } from './fixtures';
import { LINK_PATHS } from './flows';
import { extractLink, ReceivedMail, SmtpSink } from './smtp-sink';

const MAIL_TIMEOUT_MS = 10_000;

export interface ResetMail {
  mail: ReceivedMail;
  /** The `token` of the `PUBLIC_URL/reset-password?token=…` link. */
  token: string;
  /** The 6-digit code, or undefined when the mail has none (codes paused after too many wrong tries). */
  code: string | undefined;
}

/** POST /auth/password/forgot; expects 202. */
export async function requestPasswordReset(app: ApiInstance, email: string) {
  const response = await app.client.post('/auth/password/forgot', { email });
  expectStatus(response, 202);
  return response;
}

/**
 * The first reset mail to `email` that is not among `seen` (the mails of earlier requests), with its link
 * token and code. Take `seen` from `sink.matching({ to: email })` before the request.
 */
export async function resetMail(
  app: ApiInstance,
  sink: SmtpSink,
  email: string,
  seen: ReceivedMail[] = [],
): Promise<ResetMail> {
  const mail = await sink.waitForMail(
    {
      to: email,
      containing: `${app.publicUrl}/${LINK_PATHS.resetPassword}?`,
      where: (candidate) => !seen.includes(candidate),
    },
    MAIL_TIMEOUT_MS,
  );
  return { mail, token: extractLink(mail, app.publicUrl, LINK_PATHS.resetPassword), code: extractCode(mail) };
}

/** Asks for a reset of `email` and waits for the mail it causes. */
export async function forgotPassword(app: ApiInstance, sink: SmtpSink, email: string): Promise<ResetMail> {
  const seen = sink.matching({ to: email });
  await requestPasswordReset(app, email);
  return resetMail(app, sink, email, seen);
}

/** A code is six digits on a line of their own in the text part. */
export function extractCode(mail: ReceivedMail): string | undefined {
  return /^\s*(\d{6})\s*$/m.exec(mail.text)?.[1];
}

/** POST /auth/password/reset with the body as given. */
export function postPasswordReset(app: ApiInstance, body: Record<string, unknown>) {
  return app.client.post('/auth/password/reset', body);
}

/** The "your password was changed" notice to `email` (subject from the API's templates). */
export function passwordChangedNotice(sink: SmtpSink, email: string, seen: ReceivedMail[] = []) {
  return sink.waitForMail(
    { to: email, subject: /password was changed/i, where: (mail) => !seen.includes(mail) },
    MAIL_TIMEOUT_MS,
  );
}

/** The session behind these tokens has ended: its access token gets 401 and its refresh token is refused. */
export async function expectSessionEnded(
  app: ApiInstance,
  session: { accessToken: string; refreshToken?: string },
): Promise<void> {
  expectProblem(await app.client.get('/users/me', { token: session.accessToken }), 401, 'UNAUTHENTICATED');
  if (session.refreshToken === undefined) return;
  const refreshed = await app.client.post('/auth/refresh', { refreshToken: session.refreshToken });
  expectProblem(refreshed, 401, 'INVALID_REFRESH_TOKEN');
}

/** Login now works with `current` only: the old password answers the generic 401. */
export async function expectPasswordNow(
  app: ApiInstance,
  email: string,
  { previous, current }: { previous: string; current: string },
): Promise<void> {
  const withPrevious = await app.client.post('/auth/login', { email, password: previous });
  expectProblem(withPrevious, 401, 'INVALID_CREDENTIALS');
  expectStatus(await app.client.post('/auth/login', { email, password: current }), 200);
}
