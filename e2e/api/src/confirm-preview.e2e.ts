import { randomBytes } from 'node:crypto';
import {
  confirmationMail,
  delay,
  expectProblem,
  expectStatus,
  expirePendingTokens,
  extractLink,
  forgotPassword,
  LINK_PATHS,
  loginAs,
  signedInUser,
  SignedInUser,
  signUp,
  uniqueEmail,
  uniqueNickname,
  UNISSUED_TOKENS,
  UserProfile,
  useServers,
} from './support';

interface ConfirmationPreview {
  purpose: 'signup' | 'email-change';
  email: string;
  nickname: string;
}

/**
 * POST /auth/email/confirm/preview: what the page a confirmation link opens shows before the person
 * presses its button. It must leave the token unused and tell no more than the mail did.
 */
describe('POST /auth/email/confirm/preview', () => {
  const servers = useServers();
  const app = () => servers.app;
  const preview = (token: unknown) =>
    app().client.post<ConfirmationPreview>('/auth/email/confirm/preview', { token });
  const confirm = (token: string) =>
    app().client.post<{ user: UserProfile }>('/auth/email/confirm', { token });
  const me = (user: SignedInUser) => app().client.get<UserProfile>('/users/me', { token: user.accessToken });
  const changeLinkToken = async (user: SignedInUser, newEmail: string) => {
    const body = { newEmail, currentPassword: user.password };
    expectStatus(await app().client.post('/users/me/email', body, { token: user.accessToken }), 202);
    const mail = await confirmationMail(app(), servers.sink, newEmail);
    return extractLink(mail, app().publicUrl, LINK_PATHS.confirmEmail);
  };

  it('shows a sign-up link’s address and nickname, and leaves the token and the account as they were', async () => {
    const nickname = uniqueNickname('preview');
    const account = await signUp(app(), servers.sink, { nickname });

    const first = await preview(account.confirmToken);
    const second = await preview(account.confirmToken);

    expectStatus(first, 200);
    expect(first.headers.get('cache-control')).toMatch(/no-store/);
    expect(first.body).toEqual({ purpose: 'signup', email: account.email, nickname });
    expect(second.body).toEqual(first.body);
    const { user } = await loginAs(app(), account);
    expect(user.emailConfirmed).toBe(false); // looking at the link confirmed nothing
    const confirmed = await confirm(account.confirmToken);
    expectStatus(confirmed, 200);
    expect(confirmed.body.user.emailConfirmed).toBe(true);
  });

  it('shows an email-change link’s new address and nickname, never the current address', async () => {
    const user = await signedInUser(app(), servers.sink);
    const newEmail = uniqueEmail('preview-moved');
    const token = await changeLinkToken(user, newEmail);

    const response = await preview(token);

    expectStatus(response, 200);
    expect(response.body).toEqual({ purpose: 'email-change', email: newEmail, nickname: user.user.nickname });
    // The new mailbox may belong to a stranger (a typo): the account's current address is not theirs to learn.
    expect(JSON.stringify(response.body)).not.toContain(user.email);
    expect((await me(user)).body.email).toBe(user.email);
    expectStatus(await confirm(token), 200);
    expect((await me(user)).body.email).toBe(newEmail);
  });

  it('refuses a used token with 400 INVALID_TOKEN, for either kind of link', async () => {
    const account = await signUp(app(), servers.sink);
    expectStatus(await confirm(account.confirmToken), 200);
    const user = await signedInUser(app(), servers.sink);
    const changeToken = await changeLinkToken(user, uniqueEmail('preview-used'));
    expectStatus(await confirm(changeToken), 200);

    expectProblem(await preview(account.confirmToken), 400, 'INVALID_TOKEN');
    expectProblem(await preview(changeToken), 400, 'INVALID_TOKEN');
  });

  it('refuses an expired token with 400 INVALID_TOKEN', async () => {
    const account = await signUp(app(), servers.sink);
    expect(await expirePendingTokens(app(), account.email)).toHaveLength(1);

    expectProblem(await preview(account.confirmToken), 400, 'INVALID_TOKEN');
  });

  it('refuses a link that a newer one replaced with 400 INVALID_TOKEN', async () => {
    const user = await signedInUser(app(), servers.sink, { confirmed: false });
    const earlierMail = servers.sink.matching({ to: user.email });
    const earlier = extractLink(earlierMail[0], app().publicUrl, LINK_PATHS.confirmEmail);
    expectStatus(await app().client.post('/auth/email/resend', {}, { token: user.accessToken }), 202);
    const resent = await servers.sink.waitForMail({
      to: user.email,
      containing: `/${LINK_PATHS.confirmEmail}?`,
      where: (mail) => !earlierMail.includes(mail),
    });

    expectProblem(await preview(earlier), 400, 'INVALID_TOKEN');
    expectStatus(await preview(extractLink(resent, app().publicUrl, LINK_PATHS.confirmEmail)), 200);
  });

  it('refuses a password-reset token with 400 INVALID_TOKEN: it names no address to confirm', async () => {
    const account = await signUp(app(), servers.sink);
    const reset = await forgotPassword(app(), servers.sink, account.email);

    expectProblem(await preview(reset.token), 400, 'INVALID_TOKEN');
  });

  it.each(UNISSUED_TOKENS)('refuses %s with 400 INVALID_TOKEN', async (_label, token) => {
    expectProblem(await preview(token), 400, 'INVALID_TOKEN');
  });

  it.each([
    ['no token', {}],
    ['an empty token', { token: '' }],
    ['a number', { token: 42 }],
    ['a token longer than any the server issues', { token: 'a'.repeat(5000) }],
  ])('refuses a body with %s with 400 VALIDATION_FAILED', async (_label, body) => {
    expectProblem(await app().client.post('/auth/email/confirm/preview', body), 400, 'VALIDATION_FAILED');
  });
});

describe('POST /auth/email/confirm/preview under the per-IP token limit', () => {
  const servers = useServers({ env: { RATE_LIMIT_TOKEN: '3/6s' } });
  const app = () => servers.app;

  it('counts against the limit it shares with confirming, and a refused look spends nothing', async () => {
    const account = await signUp(app(), servers.sink);
    for (let i = 0; i < 3; i++) {
      const guess = randomBytes(32).toString('base64url');
      expectProblem(
        await app().client.post('/auth/email/confirm/preview', { token: guess }),
        400,
        'INVALID_TOKEN',
      );
    }

    const refused = await app().client.post('/auth/email/confirm/preview', { token: account.confirmToken });
    expectProblem(refused, 429, 'TOO_MANY_REQUESTS');
    expectProblem(
      await app().client.post('/auth/email/confirm', { token: account.confirmToken }),
      429,
      'TOO_MANY_REQUESTS',
    );

    await delay(Number(refused.headers.get('retry-after')) * 1000 + 250);
    expectStatus(await app().client.post('/auth/email/confirm', { token: account.confirmToken }), 200);
  });
});
