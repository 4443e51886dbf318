import {
  ADMIN_CLI,
  CliRun,
  expectProblem,
  expectStatus,
  listUsers,
  runAdminCli,
  signedInUser,
  uniqueEmail,
  UserProfile,
  useServers,
} from './support';
import { activityOf } from './support/activity';

/** `npm run admin -- grant|revoke <email>`: the built CLI, run with the API instance's own environment. */
describe(`admin CLI (${ADMIN_CLI.split('/').slice(-3).join('/')})`, () => {
  const servers = useServers();
  const app = () => servers.app;
  /** The CLI as an operator runs it: on PGlite the app has to be stopped around it. */
  const operator = (...args: string[]) => app().besideTheApp(() => runAdminCli(app(), args));
  const role = async (token: string) =>
    (await app().client.get<UserProfile>('/users/me', { token })).body.role;

  function expectRun(run: CliRun, exitCode: number, output: { stdout?: RegExp; stderr?: RegExp }): void {
    const summary = `exit ${run.exitCode}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
    if (run.exitCode !== exitCode) throw new Error(`expected exit ${exitCode}, got ${summary}`);
    if (output.stdout) expect(run.stdout).toMatch(output.stdout);
    if (output.stderr) expect(run.stderr).toMatch(output.stderr);
  }

  it('grant makes an account admin: its token reaches the admin API on the next request; revoke undoes it', async () => {
    const user = await signedInUser(app(), servers.sink);
    expectProblem(await listUsers(app(), user.accessToken), 403, 'FORBIDDEN');

    expectRun(await operator('grant', user.email.toUpperCase()), 0, {
      stdout: new RegExp(`^${escape(user.email)} is now an admin\\.\\n$`),
    });

    expectStatus(await listUsers(app(), user.accessToken), 200);
    expect(await role(user.accessToken)).toBe('admin');

    const [again, revoked] = await app().besideTheApp(async () => [
      await runAdminCli(app(), ['grant', user.email]),
      await runAdminCli(app(), ['revoke', user.email]),
    ]);
    expectRun(again, 0, { stdout: /is already an admin/ });
    expectRun(revoked, 0, { stdout: new RegExp(`^${escape(user.email)} is no longer an admin\\.\\n$`) });
    expectProblem(await listUsers(app(), user.accessToken), 403, 'FORBIDDEN');
    expect(await role(user.accessToken)).toBe('user');
    // The operator's two changes are in the account's activity; the grant that changed nothing is not.
    const roleChanges = (await activityOf(app(), user.accessToken)).filter(
      ({ type }) => type === 'admin.role_changed',
    );
    expect(roleChanges.map(({ actor, details }) => ({ actor, details }))).toEqual([
      { actor: null, details: { role: 'user', via: 'cli' } },
      { actor: null, details: { role: 'admin', via: 'cli' } },
    ]);
    // On PGlite every CLI run stops the app and opens its database again, three times here.
  }, 180_000);

  it('exits with code 3 and says so for an address without an account', async () => {
    const email = uniqueEmail('nobody');
    const [granted, revoked] = await app().besideTheApp(async () => [
      await runAdminCli(app(), ['grant', email]),
      await runAdminCli(app(), ['revoke', email]),
    ]);
    for (const run of [granted, revoked]) {
      expectRun(run, 3, { stderr: new RegExp(`No account has the email address ${escape(email)}`) });
      expect(run.stdout).toBe('');
    }
  });

  it.each([
    [['promote', 'ada@example.com'], /Unknown command "promote"/],
    [['grant'], /"grant" needs the account's email address/],
    [['revoke', 'a@example.com', 'b@example.com'], /Unexpected arguments: b@example.com/],
  ])('exits with code 2 and the usage for %j, before touching the database', async (args, problem) => {
    const run = await runAdminCli(app(), args); // the app keeps running: no database is opened
    expectRun(run, 2, { stderr: problem });
    expect(run.stderr).toMatch(/Usage: npm run admin -- <command> <email>/);
  });

  it('prints the usage with exit code 0 when asked', async () => {
    expectRun(await runAdminCli(app(), ['--help']), 0, { stdout: /grant <email>[\s\S]*revoke <email>/ });
  });

  it('next to the running app: works live on PostgreSQL, and refuses the embedded database the app holds', async () => {
    const user = await signedInUser(app(), servers.sink);

    const run = await runAdminCli(app(), ['grant', user.email]);

    if (app().database.kind === 'postgres') {
      expectRun(run, 0, { stdout: /is now an admin/ });
      expectStatus(await listUsers(app(), user.accessToken), 200);
    } else {
      expectRun(run, 1, { stderr: new RegExp(`in use by process ${app().pid}.*stop the app first`) });
      expectProblem(await listUsers(app(), user.accessToken), 403, 'FORBIDDEN');
    }
    expectStatus(await app().client.get('/health/ready'), 200); // the app was not disturbed
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
