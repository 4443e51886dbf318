import {
  expectProblem,
  expectStatus,
  LoginBody,
  loginAs,
  parseSetCookie,
  signedInUser,
  signUp,
  UserProfile,
  useServers,
} from './support';

const DAY_SECONDS = 24 * 3600;

/** Runs with the default refresh-reuse grace (10 s), as browsers with several tabs meet it. */
describe('sessions with the default reuse grace', () => {
  const servers = useServers();
  const app = () => servers.app;
  const refresh = (refreshToken: string) => app().client.post<LoginBody>('/auth/refresh', { refreshToken });
  const me = (token: string) => app().client.get<UserProfile>('/users/me', { token });

  it('lets two tabs refresh with the same token at once: both get working pairs, the session goes on', async () => {
    const user = await signedInUser(app(), servers.sink);

    const [first, second] = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);

    expectStatus(first, 200);
    expectStatus(second, 200);
    expect(first.body.refreshToken).not.toBe(second.body.refreshToken);
    expectStatus(await me(first.body.accessToken), 200);
    expectStatus(await me(second.body.accessToken), 200);
    expectStatus(await refresh(first.body.refreshToken!), 200);
    expectStatus(await refresh(second.body.refreshToken!), 200);
  });

  it('returns the current profile on refresh, so a reloaded page learns about a confirmation', async () => {
    const account = await signUp(app(), servers.sink);
    const login = await loginAs(app(), account);
    expect(login.user.emailConfirmed).toBe(false);
    expectStatus(await app().client.post('/auth/email/confirm', { token: account.confirmToken }), 200);

    const refreshed = await refresh(login.refreshToken!);

    expectStatus(refreshed, 200);
    expect(refreshed.body.user).toMatchObject({ id: login.user.id, emailConfirmed: true });
  });

  describe('refresh cookie lifetime', () => {
    const cookieFrom = (login: { response: { cookies: string[] } }) =>
      parseSetCookie(login.response.cookies[0]);

    it('lasts as long as the browser session without "remember me"', async () => {
      const account = await signUp(app(), servers.sink);
      const cookie = cookieFrom(await loginAs(app(), account, { tokenDelivery: 'cookie' }));
      expect(cookie.attributes).not.toHaveProperty('max-age');
      expect(cookie.attributes).not.toHaveProperty('expires');
    });

    it('persists for 30 days with "remember me"', async () => {
      const account = await signUp(app(), servers.sink);
      const login = await loginAs(app(), account, { tokenDelivery: 'cookie', rememberMe: true });
      expect(Number(cookieFrom(login).attributes['max-age'])).toBe(30 * DAY_SECONDS);
    });

    it('is cleared by logout', async () => {
      const account = await signUp(app(), servers.sink);
      const login = await loginAs(app(), account, { tokenDelivery: 'cookie', rememberMe: true });

      const logout = await app().client.post('/auth/logout', undefined, { token: login.accessToken });

      expectStatus(logout, 204);
      const cleared = parseSetCookie(logout.cookies[0] ?? '');
      expect(cleared.name).toBe(cookieFrom(login).name);
      expect(cleared.value).toBe('');
      expect(Date.parse(String(cleared.attributes.expires))).toBeLessThan(Date.now());
    });
  });

  it('refuses a refresh with neither a token nor a cookie with 401 INVALID_REFRESH_TOKEN', async () => {
    expectProblem(await app().client.post('/auth/refresh', {}), 401, 'INVALID_REFRESH_TOKEN');
    expectProblem(await app().client.post('/auth/refresh'), 401, 'INVALID_REFRESH_TOKEN');
  });

  it('refuses a refresh token that is not a string with 400 VALIDATION_FAILED', async () => {
    const response = await app().client.post('/auth/refresh', { refreshToken: 12345 });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'refreshToken' }));
  });

  it('refuses a login body of the wrong shape with 400 and field errors', async () => {
    const response = await app().client.post('/auth/login', { email: ['a@example.com'], rememberMe: 'yes' });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    const fields = (response.body.errors ?? []).map((error) => error.field).sort();
    expect(fields).toEqual(['email', 'password', 'rememberMe']);
  });
});
