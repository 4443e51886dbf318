import { randomUUID } from 'node:crypto';
import {
  expectProblem,
  expectStatus,
  LoginBody,
  parseSetCookie,
  signedInUser,
  SignedInUser,
  useServers,
} from './support';

const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

interface SessionItem {
  id: string;
  device: string;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

describe('GET and DELETE /users/me/sessions', () => {
  const servers = useServers();
  const app = () => servers.app;
  const list = (token: string) => app().client.get<SessionItem[]>('/users/me/sessions', { token });
  const revoke = (token: string, id: string) =>
    app().client.delete(`/users/me/sessions/${encodeURIComponent(id)}`, undefined, { token });
  const me = (token: string) => app().client.get('/users/me', { token });

  /** A login from a browser of the given user agent; the session id comes from the list, as a client finds it. */
  async function loginFrom(user: SignedInUser, userAgent: string) {
    const response = await app().client.post<LoginBody>(
      '/auth/login',
      { email: user.email, password: user.password },
      { headers: { 'user-agent': userAgent } },
    );
    expectStatus(response, 200);
    const sessions = await list(response.body.accessToken);
    const current = sessions.body.find((session) => session.current);
    if (!current) throw new Error(`no current session in ${sessions.text}`);
    return { ...response.body, sessionId: current.id };
  }

  it('lists each signed-in device with a readable name, most recently used first, marking the current one', async () => {
    const user = await signedInUser(app(), servers.sink);
    const laptop = await loginFrom(user, FIREFOX_ON_LINUX);
    const phone = await loginFrom(user, SAFARI_ON_IPHONE);

    const response = await list(laptop.accessToken);

    expectStatus(response, 200);
    expect(response.body).toHaveLength(3);
    const [newest, middle] = response.body;
    expect(newest).toEqual({
      id: phone.sessionId,
      device: 'Safari on iOS',
      ip: expect.stringMatching(/127\.0\.0\.1/),
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      current: false,
    });
    expect(middle).toMatchObject({ id: laptop.sessionId, device: 'Firefox on Linux', current: true });
    expect(response.body.filter((session) => session.current)).toHaveLength(1);
    const lastUsed = response.body.map((session) => Date.parse(session.lastUsedAt));
    expect([...lastUsed].sort((a, b) => b - a)).toEqual(lastUsed);
  });

  it('moves a session to the top when it is used again (refreshed)', async () => {
    const user = await signedInUser(app(), servers.sink);
    const laptop = await loginFrom(user, FIREFOX_ON_LINUX);
    await loginFrom(user, SAFARI_ON_IPHONE);

    const refreshed = await app().client.post<LoginBody>('/auth/refresh', {
      refreshToken: laptop.refreshToken,
    });
    expectStatus(refreshed, 200);

    const [top] = (await list(refreshed.body.accessToken)).body;
    expect(top).toMatchObject({ id: laptop.sessionId, current: true });
  });

  it('leaves out sessions that were logged out', async () => {
    const user = await signedInUser(app(), servers.sink);
    const gone = await loginFrom(user, SAFARI_ON_IPHONE);
    expectStatus(await app().client.post('/auth/logout', undefined, { token: gone.accessToken }), 204);

    const ids = (await list(user.accessToken)).body.map((session) => session.id);

    expect(ids).not.toContain(gone.sessionId);
    expect(ids).toHaveLength(1);
  });

  it('signs another device out at once: its access and refresh tokens stop, this one goes on', async () => {
    const user = await signedInUser(app(), servers.sink);
    const phone = await loginFrom(user, SAFARI_ON_IPHONE);
    expectStatus(await me(phone.accessToken), 200);

    const response = await revoke(user.accessToken, phone.sessionId);

    expectStatus(response, 204);
    expect(response.cookies).toEqual([]); // this device's refresh cookie stays
    expectProblem(await me(phone.accessToken), 401, 'UNAUTHENTICATED');
    const refresh = await app().client.post('/auth/refresh', { refreshToken: phone.refreshToken });
    expectProblem(refresh, 401, 'INVALID_REFRESH_TOKEN');
    expectStatus(await me(user.accessToken), 200);
    expect((await list(user.accessToken)).body.map((session) => session.id)).not.toContain(phone.sessionId);
  });

  it('signs the current device out when asked to revoke its own session', async () => {
    const user = await signedInUser(app(), servers.sink);
    const laptop = await loginFrom(user, FIREFOX_ON_LINUX);

    const response = await revoke(laptop.accessToken, laptop.sessionId);

    expectStatus(response, 204);
    expect(parseSetCookie(response.cookies[0] ?? '').value).toBe(''); // a refresh cookie would be useless now
    expectProblem(await me(laptop.accessToken), 401, 'UNAUTHENTICATED');
    expectStatus(await me(user.accessToken), 200);
  });

  it('answers 404 NOT_FOUND for another account’s session and leaves that session alive', async () => {
    const [attacker, victim] = await Promise.all([
      signedInUser(app(), servers.sink),
      signedInUser(app(), servers.sink),
    ]);
    const victimSession = await loginFrom(victim, FIREFOX_ON_LINUX);

    expectProblem(await revoke(attacker.accessToken, victimSession.sessionId), 404, 'NOT_FOUND');

    expectStatus(await me(victimSession.accessToken), 200);
    expect((await list(attacker.accessToken)).body.map((session) => session.id)).not.toContain(
      victimSession.sessionId,
    );
  });

  it.each([
    ['an unknown id', () => randomUUID()],
    ['an ill-formed id', () => 'not-a-uuid'],
    ['SQL in the id', () => "1' OR '1'='1"],
  ])('answers 404 NOT_FOUND for %s', async (_label, id) => {
    const user = await signedInUser(app(), servers.sink);
    expectProblem(await revoke(user.accessToken, id()), 404, 'NOT_FOUND');
    expectStatus(await me(user.accessToken), 200);
  });

  it('answers 404 NOT_FOUND for a session that has already ended', async () => {
    const user = await signedInUser(app(), servers.sink);
    const phone = await loginFrom(user, SAFARI_ON_IPHONE);
    expectStatus(await revoke(user.accessToken, phone.sessionId), 204);

    expectProblem(await revoke(user.accessToken, phone.sessionId), 404, 'NOT_FOUND');
  });

  it('refuses guests with 401', async () => {
    expectProblem(await app().client.get('/users/me/sessions'), 401, 'UNAUTHENTICATED');
    expectProblem(await app().client.delete(`/users/me/sessions/${randomUUID()}`), 401, 'UNAUTHENTICATED');
  });
});
