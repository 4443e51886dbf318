import {
  delay,
  expectProblem,
  expectStatus,
  LoginBody,
  loginAs,
  parseSetCookie,
  refreshCookieOf,
  refreshWithCookie,
  signUp,
  UserProfile,
  useServers,
} from './support';

const DAY_SECONDS = 24 * 3600;
const GRACE_MS = 10_000;
const PARALLEL = 50;

type TokenDelivery = 'body' | 'cookie';

/** Runs with the default refresh-reuse grace (10 s), as browsers with several tabs meet it. */
describe('sessions with the default reuse grace', () => {
  const servers = useServers();
  const app = () => servers.app;
  const refresh = (refreshToken: string) => app().client.post<LoginBody>('/auth/refresh', { refreshToken });
  const me = (token: string) => app().client.get<UserProfile>('/users/me', { token });

  describe.each<TokenDelivery>(['body', 'cookie'])('a refresh token sent in the %s', (delivery) => {
    /** Signs in with this delivery; `exchange` refreshes with a given token the same way. */
    async function signIn() {
      const account = await signUp(app(), servers.sink);
      const login = await loginAs(app(), account, { tokenDelivery: delivery });
      const cookieName = refreshCookieOf(login.response)?.name ?? '';
      const exchange = async (token: string) => {
        const response =
          delivery === 'body'
            ? await refresh(token)
            : await refreshWithCookie(app(), { name: cookieName, value: token });
        const next = delivery === 'body' ? response.body.refreshToken : refreshCookieOf(response)?.value;
        return { response, next };
      };
      const token = login.refreshToken ?? refreshCookieOf(login.response)!.value;
      return { token, exchange };
    }

    it('lets two tabs refresh with it at once: both get the same new token, the session goes on', async () => {
      const { token, exchange } = await signIn();

      const [first, second] = await Promise.all([exchange(token), exchange(token)]);

      expectStatus(first.response, 200);
      expectStatus(second.response, 200);
      expect(first.next).toEqual(expect.any(String));
      expect(second.next).toBe(first.next);
      expectStatus(await me(first.response.body.accessToken), 200);
      expectStatus(await me(second.response.body.accessToken), 200);
      expectStatus((await exchange(first.next!)).response, 200);
    });

    it(`gives ${PARALLEL} parallel refreshes one new token; the family goes on, and a replay after the grace ends it`, async () => {
      const { token, exchange } = await signIn();

      const results = await Promise.all(Array.from({ length: PARALLEL }, () => exchange(token)));
      const exchangedBy = Date.now();

      expect(results.map(({ response }) => response.status)).toEqual(Array(PARALLEL).fill(200));
      const successors = new Set(results.map(({ next }) => next));
      expect(successors.size).toBe(1);
      const [successor] = successors as Set<string>;
      expect(successor).toEqual(expect.any(String));
      expect(successor).not.toBe(token);
      const grandchild = await exchange(successor);
      expectStatus(grandchild.response, 200);
      expect(grandchild.next).not.toBe(successor);
      expectStatus(await me(grandchild.response.body.accessToken), 200);

      await delay(exchangedBy + GRACE_MS + 500 - Date.now());
      expectProblem((await exchange(token)).response, 401, 'INVALID_REFRESH_TOKEN');

      expectProblem((await exchange(grandchild.next!)).response, 401, 'INVALID_REFRESH_TOKEN');
      expect((await me(grandchild.response.body.accessToken)).status).toBe(401);
    });
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
      expect(cookie.name).toBe('latchkey_refresh'); // PUBLIC_URL is http here: no __Secure- prefix
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
