import {
  expectProblem,
  expectStatus,
  decodeJwt,
  Forgery,
  forgeToken,
  LoginBody,
  loginAs,
  parseSetCookie,
  refreshWithCookie,
  signedInUser,
  signUp,
  UserProfile,
  useServers,
} from './support';

type RefreshBody = Omit<LoginBody, 'user'> & { user?: UserProfile };

/** Runs with REFRESH_REUSE_GRACE=0 so a rotated refresh token is refused at once. */
describe('tokens and sessions', () => {
  const servers = useServers({ env: { REFRESH_REUSE_GRACE: '0' } });
  const app = () => servers.app;
  const refresh = (refreshToken: string) => app().client.post<RefreshBody>('/auth/refresh', { refreshToken });
  const me = (token: string) => app().client.get<UserProfile>('/users/me', { token });

  describe('refresh', () => {
    it('rotates: a new pair that works, and the old refresh token refused', async () => {
      const user = await signedInUser(app(), servers.sink);

      const rotated = await refresh(user.refreshToken);

      expectStatus(rotated, 200);
      expect(rotated.headers.get('cache-control')).toMatch(/no-store/);
      expect(rotated.body).toMatchObject({ accessToken: expect.any(String), expiresIn: 900 });
      expect(rotated.body.refreshToken).toEqual(expect.any(String));
      expect(rotated.body.refreshToken).not.toBe(user.refreshToken);
      expectStatus(await me(rotated.body.accessToken), 200);
      expectProblem(await refresh(user.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('names how the holder signed in (amr) in every access token of the session, refreshed ones too', async () => {
      const user = await signedInUser(app(), servers.sink);

      const rotated = await refresh(user.refreshToken);

      expect(decodeJwt(user.accessToken).payload).toMatchObject({ amr: ['pwd'] });
      expect(decodeJwt(rotated.body.accessToken).payload).toMatchObject({ amr: ['pwd'] });
    });

    it('ends the whole session family when a rotated token is reused', async () => {
      const user = await signedInUser(app(), servers.sink);
      const otherDevice = await loginAs(app(), user);
      const second = await refresh(user.refreshToken);
      expectStatus(second, 200);

      expectProblem(await refresh(user.refreshToken), 401, 'INVALID_REFRESH_TOKEN'); // the reuse

      expectProblem(await refresh(second.body.refreshToken!), 401, 'INVALID_REFRESH_TOKEN');
      expect((await me(second.body.accessToken)).status).toBe(401);
      expect((await me(user.accessToken)).status).toBe(401);
      // Only that session family ends: another login of the same user goes on.
      expectStatus(await me(otherDevice.accessToken), 200);
      expectStatus(await refresh(otherDevice.refreshToken!), 200);
    });

    it('rotates through the refresh cookie, answering with a new cookie and no body token', async () => {
      const account = await signUp(app(), servers.sink);
      const login = await loginAs(app(), account, { tokenDelivery: 'cookie' });
      const cookie = parseSetCookie(login.response.cookies[0]);
      const sendCookie = (value: string) => refreshWithCookie(app(), { name: cookie.name, value });

      const rotated = await sendCookie(cookie.value);

      expectStatus(rotated, 200);
      expect(rotated.body).not.toHaveProperty('refreshToken');
      expectStatus(await me(rotated.body.accessToken), 200);
      const next = parseSetCookie(
        rotated.cookies.find((header) => header.startsWith(`${cookie.name}=`)) ?? '',
      );
      expect(next.value).toMatch(/^[\w%-]{32,}$/);
      expect(next.value).not.toBe(cookie.value);
      expect(next.attributes).toMatchObject({ httponly: true, secure: true });
      expectProblem(await sendCookie(cookie.value), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('refuses an unknown refresh token with 401 INVALID_REFRESH_TOKEN', async () => {
      expectProblem(await refresh('A'.repeat(43)), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('refuses an access token offered as a refresh token', async () => {
      const user = await signedInUser(app(), servers.sink);
      expectProblem(await refresh(user.accessToken), 401, 'INVALID_REFRESH_TOKEN');
    });
  });

  describe('logout', () => {
    it('answers 204 and ends the session at once: access and refresh token refused', async () => {
      const user = await signedInUser(app(), servers.sink);
      expectStatus(await me(user.accessToken), 200);

      const response = await app().client.post('/auth/logout', undefined, { token: user.accessToken });

      expectStatus(response, 204);
      expect(response.text).toBe('');
      expect((await me(user.accessToken)).status).toBe(401);
      expectProblem(await refresh(user.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('requires a session', async () => {
      expect((await app().client.post('/auth/logout')).status).toBe(401);
    });
  });

  describe('access token checks', () => {
    const forgeries: Forgery[] = [
      'alg-none',
      'hs256-jwt-secret',
      'hs256-public-key',
      'es384-header',
      'bad-signature',
      'foreign-key',
      'no-kid',
      'expired',
      'typ-refresh',
      'garbage',
    ];
    let user: Awaited<ReturnType<typeof signedInUser>>;
    beforeAll(async () => {
      user = await signedInUser(app(), servers.sink);
    });

    const keys = () => ({ signingKey: app().signingKey, jwtSecret: app().jwtSecret });

    it('accepts the same claims re-signed with the real key (the forger itself is sound)', async () => {
      const resigned = forgeToken(user.accessToken, keys(), 'resign');
      expect(resigned).not.toBe(user.accessToken); // ECDSA signatures differ each time: not a remembered token
      expectStatus(await me(resigned), 200);
    });

    it.each(forgeries)('refuses a forged token (%s) with 401', async (kind) => {
      const response = await me(forgeToken(user.accessToken, keys(), kind));
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.text).not.toContain(user.email);
    });

    it.each([
      ['no Authorization header', {}],
      ['an empty bearer', { authorization: 'Bearer ' }],
      ['a Basic credential', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
    ])('refuses %s with 401', async (_label, headers) => {
      const response = await app().client.get('/users/me', { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  it('GET /users/me returns exactly the documented profile', async () => {
    const user = await signedInUser(app(), servers.sink);

    const response = await me(user.accessToken);

    expectStatus(response, 200);
    expect(Object.keys(response.body).sort()).toEqual(
      [
        'approved',
        'avatarUrl',
        'createdAt',
        'email',
        'emailConfirmed',
        'hasPassword',
        'id',
        'locale',
        'mfaEnabled',
        'nickname',
        'passkeyCount',
        'recoveryCodesLeft',
        'role',
      ].sort(),
    );
    expect(response.body).toEqual({
      id: user.user.id,
      email: user.email,
      nickname: expect.stringMatching(/^[a-z]+-[a-z]+-\d+$/), // generated: adjective-animal-number (§7)
      avatarUrl: expect.stringContaining(`/users/${user.user.id}/avatar`),
      emailConfirmed: true,
      approved: expect.any(Boolean),
      role: 'user',
      hasPassword: true,
      passkeyCount: 0,
      mfaEnabled: false,
      recoveryCodesLeft: 0,
      // The test client sends no Accept-Language: the default.
      locale: 'en',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
    });
    expect(Math.abs(Date.parse(response.body.createdAt) - Date.now())).toBeLessThan(60_000);
  });
});
