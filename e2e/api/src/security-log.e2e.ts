import {
  ApiResponse,
  expectProblem,
  expectStatus,
  fetchSigned,
  listImages,
  passphrase,
  signedInAdmin,
  signedInUser,
  signUp,
  uniqueEmail,
  updateUser,
  useServers,
  waitFor,
  withParam,
} from './support';

const ADMIN_EMAIL = uniqueEmail('security-admin');
const FAILURES_TO_LOCK = 10;

type LogLine = Record<string, unknown>;

/**
 * Security events in the API's own log (docs/architecture.md, Request lifecycle): read from the process's
 * captured stdout, one JSON object per line, as an operator's log shipper would.
 */
describe('security events in the log', () => {
  const servers = useServers({ env: { LOG_LEVEL: 'info', ADMIN_EMAILS: ADMIN_EMAIL } });
  const app = () => servers.app;
  const login = (email: string, password: string) => app().client.post('/auth/login', { email, password });

  function logLines(): LogLine[] {
    return app()
      .logs.split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  }
  const eventsNamed = (name: string) => logLines().filter((line) => line.event === name);

  /**
   * Waits until the API logged the end of this request: stdout reaches the test a little after the response,
   * and the line that ends a request comes after every line the request wrote before.
   */
  async function untilLogged(response: ApiResponse): Promise<void> {
    const id = response.headers.get('x-request-id');
    await waitFor(`the log line that ends request ${id}`, () =>
      logLines().some((line) => (line.req as { id?: string } | undefined)?.id === id && 'res' in line)
        ? true
        : undefined,
    );
  }

  it('logs failed sign-ins and the lock they cause, with the client address and without the secrets', async () => {
    const account = await signUp(app(), servers.sink);
    const unknown = uniqueEmail('nobody');
    const wrongPasswords = Array.from({ length: FAILURES_TO_LOCK }, () => passphrase());

    expectProblem(await login(unknown, account.password), 401, 'INVALID_CREDENTIALS');
    for (const wrong of wrongPasswords)
      expectProblem(await login(account.email, wrong), 401, 'INVALID_CREDENTIALS');
    const refused = await login(account.email, account.password);
    expectProblem(refused, 401, 'INVALID_CREDENTIALS');
    await untilLogged(refused);

    const failed = eventsNamed('auth.login_failed');
    expect(failed).toContainEqual(
      expect.objectContaining({ reason: 'unknown_account', ip: '127.0.0.1', level: 40 }),
    );
    const userId = failed.find((line) => line.reason === 'wrong_password')?.userId;
    expect(userId).toEqual(expect.any(String));
    expect(failed.filter((line) => line.reason === 'wrong_password')).toHaveLength(FAILURES_TO_LOCK);
    expect(failed).toContainEqual(
      expect.objectContaining({ userId, reason: 'account_locked', ip: '127.0.0.1' }),
    );
    expect(eventsNamed('auth.account_locked')).toEqual([
      expect.objectContaining({ userId, failures: FAILURES_TO_LOCK, lockedUntil: expect.any(String) }),
    ]);
    const log = app().logs;
    for (const secret of [account.password, ...wrongPasswords, account.email, unknown]) {
      expect(log).not.toContain(secret);
    }
  });

  it('logs what an admin changed, naming both accounts by id', async () => {
    const admin = await signedInAdmin(app(), servers.sink, ADMIN_EMAIL);
    const target = await signedInUser(app(), servers.sink);

    const disabled = await updateUser(app(), admin.accessToken, target.user.id, { disabled: true });
    expectStatus(disabled, 200);
    await untilLogged(disabled);

    expect(eventsNamed('admin.user_updated')).toContainEqual(
      expect.objectContaining({
        actorId: admin.user.id,
        userId: target.user.id,
        changes: { disabled: true },
        ip: '127.0.0.1',
      }),
    );
  });

  it('logs request URLs without their query string: no signature or token reaches the log', async () => {
    const [image] = (await listImages(app(), '/images/home')).items;
    const signature = new URL(image.url).searchParams.get('signature')!;
    const forged = withParam(image.url, 'signature', 'A'.repeat(signature.length));

    expectStatus(await fetchSigned(app(), image.url), 200);
    expect((await fetchSigned(app(), forged)).status).toBeGreaterThanOrEqual(400);
    await untilLogged(await app().client.get(`/users/me?token=${signature}`)); // 401, logged at warn

    const paths = logLines().map((line) => (line.req as { url?: string } | undefined)?.url);
    expect(paths).toContain(new URL(image.url).pathname);
    const log = app().logs;
    expect(log).not.toContain(signature);
    expect(log).not.toContain('A'.repeat(signature.length));
    expect(log).not.toContain('signature=');
  });
});
