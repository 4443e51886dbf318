import {
  decodeJwt,
  expectProblem,
  expectStatus,
  LoginBody,
  parseSetCookie,
  passphrase,
  signUp,
  uniqueEmail,
  useServers,
} from './support';

describe('POST /auth/login', () => {
  const servers = useServers();
  const app = () => servers.app;
  const login = (body: Record<string, unknown>) => app().client.post<LoginBody>('/auth/login', body);

  it('signs in with the right pair: 200 with user, access token, expiry and refresh token', async () => {
    const account = await signUp(app(), servers.sink);

    const response = await login({ email: account.email, password: account.password });

    expectStatus(response, 200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    expect(response.body).toEqual({
      user: expect.objectContaining({ email: account.email, emailConfirmed: false, hasPassword: true }),
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expiresIn: 900,
      refreshToken: expect.stringMatching(/^[\w-]{32,}$/),
      deviceToken: expect.any(String),
    });
    expect(response.body.user).not.toHaveProperty('passwordHash');
    // No refresh cookie; only the device cookie that every sign-in sets (device-lockout.e2e.ts).
    expect(response.cookies.map((header) => parseSetCookie(header).name)).toEqual(['latchkey_device']);

    const { header, payload } = decodeJwt(response.body.accessToken);
    expect(header.alg).toMatch(/^(HS|RS|ES|PS|Ed)/);
    expect(payload).toMatchObject({ sub: response.body.user.id, typ: 'access' });
    expect(payload).toEqual(
      expect.objectContaining({ iss: expect.anything(), aud: expect.anything(), sid: expect.any(String) }),
    );
    expect(Number(payload.exp) - Number(payload.iat)).toBe(900);
  });

  it('accepts the address in any case', async () => {
    const account = await signUp(app(), servers.sink);
    expectStatus(await login({ email: account.email.toUpperCase(), password: account.password }), 200);
  });

  it('answers a wrong password and an unknown address with the same 401 INVALID_CREDENTIALS', async () => {
    const account = await signUp(app(), servers.sink);

    const wrongPassword = await login({ email: account.email, password: passphrase() });
    const unknownEmail = await login({ email: uniqueEmail('nobody'), password: account.password });

    expectProblem(wrongPassword, 401, 'INVALID_CREDENTIALS');
    expectProblem(unknownEmail, 401, 'INVALID_CREDENTIALS');
    expect(unknownEmail.raw.equals(wrongPassword.raw)).toBe(true);
    expect(wrongPassword.headers.get('cache-control')).toMatch(/no-store/);
    expect(wrongPassword.headers.get('www-authenticate')).toBe(unknownEmail.headers.get('www-authenticate'));
  });

  it('does not accept a password that differs only in case or by a trailing character', async () => {
    const account = await signUp(app(), servers.sink);
    for (const password of [
      account.password.toUpperCase(),
      `${account.password}x`,
      account.password.slice(0, -1),
    ]) {
      expectProblem(await login({ email: account.email, password }), 401, 'INVALID_CREDENTIALS');
    }
  });

  it('with tokenDelivery "cookie" sets an HttpOnly, Secure, SameSite=Strict, path-scoped cookie and no body token', async () => {
    const account = await signUp(app(), servers.sink);

    const response = await login({
      email: account.email,
      password: account.password,
      tokenDelivery: 'cookie',
    });

    expectStatus(response, 200);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    expect(response.body).not.toHaveProperty('refreshToken');
    expect(response.body.accessToken).toEqual(expect.any(String));
    expect(response.cookies).toHaveLength(2); // the refresh cookie, then the device cookie
    const cookie = parseSetCookie(response.cookies[0]);
    expect(cookie.value).toMatch(/^[\w%-]{32,}$/);
    expect(cookie.attributes).toMatchObject({ httponly: true, secure: true });
    expect(String(cookie.attributes.samesite).toLowerCase()).toBe('strict');
    expect(cookie.attributes.path).toMatch(/^\/api\/v1\/auth/);
  });

  it('refuses an unknown tokenDelivery value with 400', async () => {
    const account = await signUp(app(), servers.sink);
    const response = await login({ email: account.email, password: account.password, tokenDelivery: 'url' });
    expectProblem(response, 400, 'VALIDATION_FAILED');
  });
});
