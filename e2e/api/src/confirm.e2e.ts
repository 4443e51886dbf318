import {
  expectProblem,
  expectStatus,
  expirePendingTokens,
  loginAs,
  signUp,
  UNISSUED_TOKENS,
  UserProfile,
  useServers,
} from './support';

describe('POST /auth/email/confirm', () => {
  const servers = useServers();
  const app = () => servers.app;
  const confirm = (token: unknown) =>
    app().client.post<{ user: UserProfile }>('/auth/email/confirm', { token });

  it('confirms with the mailed token: 200 with the confirmed user, visible at once', async () => {
    const account = await signUp(app(), servers.sink);
    const before = await loginAs(app(), account);
    expect(before.user.emailConfirmed).toBe(false);

    const response = await confirm(account.confirmToken);

    expectStatus(response, 200);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    expect(response.body.user).toMatchObject({ email: account.email, emailConfirmed: true });
    const me = await app().client.get<UserProfile>('/users/me', { token: before.accessToken });
    expectStatus(me, 200);
    expect(me.body.emailConfirmed).toBe(true);
  });

  it('refuses a token that was already used with 400 INVALID_TOKEN', async () => {
    const account = await signUp(app(), servers.sink);
    expectStatus(await confirm(account.confirmToken), 200);

    expectProblem(await confirm(account.confirmToken), 400, 'INVALID_TOKEN');
  });

  it('consumes a token once even when two requests race for it', async () => {
    const account = await signUp(app(), servers.sink);
    const statuses = (await Promise.all([confirm(account.confirmToken), confirm(account.confirmToken)])).map(
      (response) => response.status,
    );
    expect(statuses.sort()).toEqual([200, 400]);
  });

  it.each(UNISSUED_TOKENS)('refuses %s with 400 INVALID_TOKEN', async (_label, token) => {
    expectProblem(await confirm(token), 400, 'INVALID_TOKEN');
  });

  it('refuses a body without a token with 400', async () => {
    const response = await app().client.post('/auth/email/confirm', {});
    expect(response.status).toBe(400);
    expect(['VALIDATION_FAILED', 'INVALID_TOKEN']).toContain(response.body.code);
  });

  it('refuses an expired token with 400 INVALID_TOKEN (and keeps an unexpired one working)', async () => {
    const [expiring, control] = await Promise.all([signUp(app(), servers.sink), signUp(app(), servers.sink)]);

    expect(await expirePendingTokens(app(), expiring.email)).toHaveLength(1);

    expectProblem(await confirm(expiring.confirmToken), 400, 'INVALID_TOKEN');
    expectStatus(await confirm(control.confirmToken), 200);
  });
});
