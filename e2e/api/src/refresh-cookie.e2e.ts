import {
  expectProblem,
  expectStatus,
  loginAs,
  refreshCookieOf,
  refreshWithCookie,
  SetCookie,
  signUp,
  UserProfile,
  useServers,
} from './support';

const SITE = 'https://accounts.example.test';
const SPA_ELSEWHERE = 'https://spa.example.test';
const SECURE_NAME = '__Secure-latchkey_refresh';

/**
 * The refresh cookie of a deployment behind https (PUBLIC_URL), with a SPA on another allowed origin: its
 * prefixed name, and the rules that keep pages of other sites from spending it (docs/architecture.md › Tokens
 * and sessions).
 */
describe('the refresh cookie over https', () => {
  const servers = useServers({ env: { PUBLIC_URL: SITE, CORS_ORIGINS: SPA_ELSEWHERE } });
  const app = () => servers.app;
  const me = (token: string) => app().client.get<UserProfile>('/users/me', { token });

  async function cookieLogin(extra: Record<string, unknown> = {}): Promise<SetCookie> {
    const account = await signUp(app(), servers.sink);
    const login = await loginAs(app(), account, { tokenDelivery: 'cookie', ...extra });
    return refreshCookieOf(login.response)!;
  }

  it('is named with the __Secure- prefix, Secure, HttpOnly, SameSite=Strict and scoped to the auth routes', async () => {
    const cookie = await cookieLogin();

    expect(cookie.name).toBe(SECURE_NAME);
    expect(cookie.attributes).toMatchObject({ secure: true, httponly: true, path: '/api/v1/auth' });
    expect(String(cookie.attributes.samesite).toLowerCase()).toBe('strict');
    expect(cookie.attributes).not.toHaveProperty('domain');
  });

  it.each([
    ['from the site itself', { origin: SITE }],
    ['from an origin in CORS_ORIGINS', { origin: SPA_ELSEWHERE }],
    ['without an Origin, with the custom header', { 'x-requested-with': 'native-app' }],
    [
      'as application/json with a charset',
      { origin: SITE, 'content-type': 'application/json; charset=utf-8' },
    ],
  ])('refreshes %s, answering with a new prefixed cookie', async (_label, headers) => {
    const cookie = await cookieLogin();

    const response = await refreshWithCookie(app(), cookie, { 'x-requested-with': '', ...headers });

    expectStatus(response, 200);
    expect(response.body).not.toHaveProperty('refreshToken');
    expect(refreshCookieOf(response)).toMatchObject({ name: SECURE_NAME, value: expect.any(String) });
    expect(refreshCookieOf(response)!.value).not.toBe(cookie.value);
    expectStatus(await me(response.body.accessToken), 200);
  });

  it.each<[string, Record<string, string>]>([
    ['another site', { origin: 'https://evil.example.test' }],
    [
      'another site, even with the custom header',
      { origin: 'https://evil.example.test', 'x-requested-with': 'x' },
    ],
    ['the site over http', { origin: 'http://accounts.example.test' }],
    ['a sandboxed page (Origin: null)', { origin: 'null' }],
    ['no Origin and no custom header', { 'x-requested-with': '' }],
    ['a text/plain body (an HTML form)', { origin: SITE, 'content-type': 'text/plain' }],
    ['no body and no content type', { origin: SITE, 'content-type': '' }],
  ])(
    'refuses a cookie refresh from %s with 403 COOKIE_REFRESH_REFUSED, and spends nothing',
    async (_label, headers) => {
      const cookie = await cookieLogin();

      const refused = await refreshWithCookie(app(), cookie, headers);

      expectProblem(refused, 403, 'COOKIE_REFRESH_REFUSED');
      expect(refreshCookieOf(refused)).toBeUndefined();
      expect(refused.headers.get('cache-control')).toMatch(/no-store/);
      expectStatus(await refreshWithCookie(app(), cookie), 200); // the token was not spent
    },
  );

  it('never lets a form-encoded body reach the route (no parser: 415), so it spends nothing either', async () => {
    const cookie = await cookieLogin();

    const refused = await refreshWithCookie(app(), cookie, {
      origin: SITE,
      'content-type': 'application/x-www-form-urlencoded',
    });

    expectProblem(refused, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectStatus(await refreshWithCookie(app(), cookie), 200);
  });

  it('takes no cookie under the bare name on https, since a plain-http page could have planted it', async () => {
    const cookie = await cookieLogin();

    const bare = await refreshWithCookie(app(), { name: 'latchkey_refresh', value: cookie.value });

    expectProblem(bare, 401, 'INVALID_REFRESH_TOKEN');
    expectStatus(await refreshWithCookie(app(), cookie), 200);
  });

  it('needs none of this for a token in the body, which no other site can know', async () => {
    const account = await signUp(app(), servers.sink);
    const login = await loginAs(app(), account);

    const response = await app().client.post(
      '/auth/refresh',
      { refreshToken: login.refreshToken },
      {
        headers: { origin: 'https://evil.example.test' },
      },
    );

    expectStatus(response, 200);
  });

  it('lets "remember me" keep the cookie for 30 days, and logout clear it under its prefixed name', async () => {
    const cookie = await cookieLogin({ rememberMe: true });
    expect(Number(cookie.attributes['max-age'])).toBe(30 * 86400);
    const refreshed = await refreshWithCookie(app(), cookie);

    const logout = await app().client.post('/auth/logout', undefined, {
      token: refreshed.body.accessToken,
    });

    expectStatus(logout, 204);
    expect(refreshCookieOf(logout)).toMatchObject({ name: SECURE_NAME, value: '' });
  });
});
