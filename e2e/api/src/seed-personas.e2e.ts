import {
  expectProblem,
  expectStatus,
  listUsers,
  loginAs,
  runBuiltCli,
  SEED_CLI,
  UserProfile,
  useServers,
} from './support';

/** `npm run seed -- personas` (issue 17, item 3): the built CLI on the instance's own database. */
describe('seed personas CLI', () => {
  const servers = useServers({ env: { REQUIRE_APPROVAL: 'true' } });
  const app = () => servers.app;

  /** email → password, read from the printed table (columns apart by two or more spaces). */
  function credentialsOf(stdout: string): Map<string, string> {
    const rows = stdout
      .split('\n')
      .slice(2)
      .map((line) => line.split(/ {2,}/))
      .filter((cells) => cells.length === 3);
    return new Map(rows.map(([email, password]) => [email, password]));
  }

  it('creates one account per state with known passwords, and running it again resets them', async () => {
    const [first, second] = await app().besideTheApp(async () => [
      await runBuiltCli(SEED_CLI, app().env, ['personas']),
      await runBuiltCli(SEED_CLI, app().env, ['personas']),
    ]);
    expect(first).toMatchObject({ exitCode: 0, stderr: '' });
    expect(first.stdout).toMatch(/^email +password +state\n/);
    expect(first.stdout).toContain('5 created, 0 reset');
    expect(second.stdout).toContain('0 created, 5 reset');
    const credentials = credentialsOf(second.stdout);
    expect(credentialsOf(first.stdout)).toEqual(credentials);
    expect([...credentials.keys()]).toEqual(
      ['confirmed', 'unconfirmed', 'pending', 'disabled', 'admin'].map(
        (kind) => `${kind}@personas.latchkey.test`,
      ),
    );
    for (const password of credentials.values()) expect([...password].length).toBeGreaterThanOrEqual(15);

    const signIn = (kind: string) => {
      const email = `${kind}@personas.latchkey.test`;
      return loginAs(app(), { email, password: credentials.get(email)! });
    };
    const profile = async (kind: string) =>
      (await app().client.get<UserProfile>('/users/me', { token: (await signIn(kind)).accessToken })).body;

    expect(await profile('confirmed')).toMatchObject({ emailConfirmed: true, approved: true, role: 'user' });
    expect(await profile('unconfirmed')).toMatchObject({ emailConfirmed: false, role: 'user' });
    expect(await profile('pending')).toMatchObject({ emailConfirmed: true, approved: false, role: 'user' });
    expect(await profile('admin')).toMatchObject({ emailConfirmed: true, role: 'admin' });
    expectStatus(await listUsers(app(), (await signIn('admin')).accessToken), 200);
    const disabled = await app().client.post('/auth/login', {
      email: 'disabled@personas.latchkey.test',
      password: credentials.get('disabled@personas.latchkey.test'),
    });
    expectProblem(disabled, 401, 'INVALID_CREDENTIALS');
  }, 180_000);

  it('refuses with exit code 3 when NODE_ENV=production, before opening any database', async () => {
    const run = await runBuiltCli(SEED_CLI, { ...app().env, NODE_ENV: 'production' }, ['personas']);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toMatch(/refused, NODE_ENV=production/);
    expect(run.stdout).toBe('');
  });

  it('exits with code 2 and the usage for an unknown seed', async () => {
    const run = await runBuiltCli(SEED_CLI, app().env, ['everything']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/Usage: npm run seed -- personas/);
  });
});
