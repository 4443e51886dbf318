import {
  delay,
  expectProblem,
  expectStatus,
  LoginBody,
  loginAs,
  refreshCookieOf,
  signUp,
  useServers,
} from './support';

const MAX_AGE_SECONDS = 10;

/**
 * Runs with SESSION_MAX_AGE=10s: a session ends that long after sign-in however often it is refreshed, so a
 * stolen refresh token that is used now and then does not live forever (docs/architecture.md › Tokens and
 * sessions).
 */
describe('the absolute session lifetime', () => {
  const servers = useServers({ env: { SESSION_MAX_AGE: `${MAX_AGE_SECONDS}s` } });
  const app = () => servers.app;
  const refresh = (refreshToken: string) => app().client.post<LoginBody>('/auth/refresh', { refreshToken });

  it('ends the session SESSION_MAX_AGE after sign-in although it was refreshed meanwhile', async () => {
    const account = await signUp(app(), servers.sink);
    const signedInAt = Date.now();
    const login = await loginAs(app(), account);

    await delay(MAX_AGE_SECONDS * 300);
    const refreshed = await refresh(login.refreshToken!);
    expectStatus(refreshed, 200);
    expectStatus(await app().client.get('/users/me', { token: refreshed.body.accessToken }), 200);

    await delay(signedInAt + MAX_AGE_SECONDS * 1000 + 1000 - Date.now());
    // The access token has minutes left, but its session is over; so is the refresh token.
    expectProblem(
      await app().client.get('/users/me', { token: refreshed.body.accessToken }),
      401,
      'UNAUTHENTICATED',
    );
    expectProblem(await refresh(refreshed.body.refreshToken!), 401, 'INVALID_REFRESH_TOKEN');
  });

  it('gives a "remember me" cookie no longer than the session has left', async () => {
    const account = await signUp(app(), servers.sink);

    const login = await loginAs(app(), account, { tokenDelivery: 'cookie', rememberMe: true });

    expect(Number(refreshCookieOf(login.response)?.attributes['max-age'])).toBe(MAX_AGE_SECONDS);
  });
});
