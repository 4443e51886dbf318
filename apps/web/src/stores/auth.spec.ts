import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { api } from '../api/client';
import { ApiError } from '../api/problems';
import { fakeApi, gate, problem, profile, signedIn } from '../testing/fake-api';
import { useAuthStore } from './auth';

const REFRESH = 'POST /api/v1/auth/refresh';
const ME = 'GET /api/v1/users/me';

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

/** An API whose /users/me accepts only `validToken`, and whose refresh (held by `held`) hands it out. */
function apiWithRefresh(validToken: string, held = gate()) {
  return fakeApi({
    [REFRESH]: async () => {
      await held.opened;
      return { status: 200, body: signedIn(validToken) };
    },
    [ME]: (request) =>
      request.headers.get('authorization') === `Bearer ${validToken}`
        ? { status: 200, body: profile() }
        : { status: 401, body: problem(401, 'UNAUTHENTICATED') },
  });
}

async function signedInStore(token: string) {
  const login = fakeApi({ 'POST /api/v1/auth/login': () => ({ status: 200, body: signedIn(token) }) });
  const auth = useAuthStore();
  await auth.login({
    email: 'ada@example.com',
    password: 'lantern quietly orbiting plums',
    rememberMe: true,
  });
  login.fetch.mockClear();
  return auth;
}

describe('the shared token refresh', () => {
  it('renews an expired token once for two requests that fail together, and both succeed', async () => {
    const auth = await signedInStore('expired');
    const held = gate();
    const fake = apiWithRefresh('renewed', held);

    const first = api.GET('/api/v1/users/me');
    const second = api.GET('/api/v1/users/me');
    // Both 401s are in before the refresh answers, so both wait for the same one.
    await expect.poll(() => fake.to(REFRESH).length).toBe(1);
    await expect.poll(() => fake.to(ME).length).toBe(2);
    held.open();

    const results = await Promise.all([first, second]);
    expect(results.map((result) => result.response.status)).toEqual([200, 200]);
    expect(fake.to(REFRESH)).toHaveLength(1);
    expect(fake.to(ME).map((request) => request.authorization)).toEqual([
      'Bearer expired',
      'Bearer expired',
      'Bearer renewed',
      'Bearer renewed',
    ]);
    expect(auth.accessToken).toBe('renewed');
  });

  it('starts a new refresh once the previous one has finished', async () => {
    const auth = await signedInStore('old');
    const fake = fakeApi({ [REFRESH]: () => ({ status: 200, body: signedIn('new') }) });
    await auth.refreshAccessToken();
    await auth.refreshAccessToken();
    expect(fake.to(REFRESH)).toHaveLength(2);
  });

  it('ends the session, and says so, when the API refuses to renew it', async () => {
    const auth = await signedInStore('expired');
    fakeApi({
      [REFRESH]: () => ({ status: 401, body: problem(401, 'INVALID_REFRESH_TOKEN') }),
      [ME]: () => ({ status: 401, body: problem(401, 'UNAUTHENTICATED') }),
    });
    const result = await api.GET('/api/v1/users/me');
    expect(result.response.status).toBe(401);
    expect(auth.user).toBeNull();
    expect(auth.accessToken).toBeNull();
    expect(auth.sessionLost).toBe(true);
  });

  it('keeps the session when the refresh cannot reach the API', async () => {
    const auth = await signedInStore('expired');
    const fake = fakeApi({});
    fake.fetch.mockRejectedValue(new TypeError('Failed to fetch'));
    expect(await auth.refreshAccessToken()).toBeNull();
    expect(auth.user).not.toBeNull();
    expect(auth.sessionLost).toBe(false);
  });
});

describe('restoring the session on page load', () => {
  it('asks nothing when this browser never signed in', async () => {
    const fake = fakeApi({});
    await useAuthStore().restore();
    expect(fake.requests).toHaveLength(0);
    expect(useAuthStore().state).toBe('guest');
  });

  it('exchanges the refresh cookie once, however many navigations wait for it', async () => {
    localStorage.setItem('latchkey.session', '1');
    const fake = fakeApi({
      [REFRESH]: () => ({ status: 200, body: signedIn('restored', profile({ emailConfirmed: false })) }),
    });
    const auth = useAuthStore();
    await Promise.all([auth.restore(), auth.restore()]);
    expect(fake.to(REFRESH)).toHaveLength(1);
    const [refresh] = fake.to(REFRESH);
    expect(refresh.body).toBe('{}'); // the token travels in the cookie only
    // What the API asks of a cookie refresh, so that no page of another site can spend the cookie.
    expect(refresh.headers.get('content-type')).toBe('application/json');
    expect(refresh.headers.get('x-requested-with')).toBe('fetch');
    expect(auth.accessToken).toBe('restored');
    expect(auth.state).toBe('unconfirmed');
  });

  it('stays a guest, and forgets the hint, when the cookie is gone', async () => {
    localStorage.setItem('latchkey.session', '1');
    fakeApi({ [REFRESH]: () => ({ status: 401, body: problem(401, 'INVALID_REFRESH_TOKEN') }) });
    const auth = useAuthStore();
    await auth.restore();
    expect(auth.state).toBe('guest');
    expect(auth.sessionLost).toBe(false); // nothing was lost: there was no session in this tab
    expect(localStorage.getItem('latchkey.session')).toBeNull();
  });
});

describe('login, sign-up and logout', () => {
  it('asks for the refresh token as a cookie and keeps the access token out of storage', async () => {
    const fake = fakeApi({
      'POST /api/v1/auth/login': () => ({ status: 200, body: signedIn('secret-token') }),
    });
    const auth = useAuthStore();
    await auth.login({
      email: 'ada@example.com',
      password: 'lantern quietly orbiting plums',
      rememberMe: true,
    });
    expect(JSON.parse(fake.requests[0].body)).toEqual({
      email: 'ada@example.com',
      password: 'lantern quietly orbiting plums',
      rememberMe: true,
      tokenDelivery: 'cookie',
    });
    expect(auth.accessToken).toBe('secret-token');
    expect(auth.state).toBe('confirmed');
    const stored = Object.keys(localStorage).map((key) => localStorage.getItem(key));
    expect(stored.join()).not.toContain('secret-token');
  });

  it('turns a refused login into an ApiError carrying the problem code', async () => {
    fakeApi({
      'POST /api/v1/auth/login': () => ({
        status: 401,
        body: problem(401, 'INVALID_CREDENTIALS', 'The email address or password is wrong.'),
      }),
    });
    const attempt = useAuthStore().login({ email: 'a@example.com', password: 'x', rememberMe: false });
    await expect(attempt).rejects.toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    await expect(attempt).rejects.toBeInstanceOf(ApiError);
    expect(useAuthStore().isSignedIn).toBe(false);
  });

  it('signs up, then logs in with the same credentials', async () => {
    const fake = fakeApi({
      'POST /api/v1/auth/signup': () => ({ status: 202, body: { status: 'accepted' } }),
      'POST /api/v1/auth/login': () => ({
        status: 200,
        body: signedIn('t', profile({ emailConfirmed: false })),
      }),
    });
    const auth = useAuthStore();
    await auth.signUp({ email: 'new@example.com', password: 'lantern quietly orbiting plums' });
    expect(fake.requests.map((request) => request.route)).toEqual([
      'POST /api/v1/auth/signup',
      'POST /api/v1/auth/login',
    ]);
    expect(JSON.parse(fake.requests[1].body)).toMatchObject({ email: 'new@example.com', rememberMe: false });
    expect(auth.state).toBe('unconfirmed');
  });

  it('does not log in when the sign-up is refused', async () => {
    const fake = fakeApi({
      'POST /api/v1/auth/signup': () => ({ status: 409, body: problem(409, 'NICKNAME_TAKEN') }),
    });
    await expect(
      useAuthStore().signUp({ email: 'n@example.com', password: 'p', nickname: 'taken' }),
    ).rejects.toMatchObject({ code: 'NICKNAME_TAKEN' });
    expect(fake.requests).toHaveLength(1);
  });

  it('logs out on the API, then forgets the session here', async () => {
    const auth = await signedInStore('token');
    const fake = fakeApi({ 'POST /api/v1/auth/logout': () => ({ status: 204 }) });
    await auth.logout();
    expect(fake.requests[0].authorization).toBe('Bearer token');
    expect(auth.isSignedIn).toBe(false);
    expect(localStorage.getItem('latchkey.session')).toBeNull();
  });

  it('stays logged in when the API could not be told', async () => {
    const auth = await signedInStore('token');
    fakeApi({ 'POST /api/v1/auth/logout': () => ({ status: 503, body: problem(503, 'UNAVAILABLE') }) });
    await expect(auth.logout()).rejects.toMatchObject({ status: 503 });
    expect(auth.isSignedIn).toBe(true);
  });

  it('updates the profile when the confirmed account is the signed-in one', async () => {
    const auth = await signedInStore('token');
    auth.user = profile({ emailConfirmed: false });
    fakeApi({ 'POST /api/v1/auth/email/confirm': () => ({ status: 200, body: { user: profile() } }) });
    await auth.confirmEmail('mailed-token');
    expect(auth.state).toBe('confirmed');
  });
});
