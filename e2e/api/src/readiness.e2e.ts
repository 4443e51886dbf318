import { ApiInstance, expectProblem, expectStatus, startApi, waitFor } from './support';
import { postgresRunner, SqlRunner } from './support/database';

/**
 * GET /health/ready (issue 11, item 13): the database and its migrations decide; the mail server is only
 * reported, since the outbox holds mail through an outage. This instance's SMTP_URL points at a closed port.
 */
describe('readiness', () => {
  let app: ApiInstance;
  beforeAll(async () => {
    app = await startApi(); // resolves only once /health/ready answered 200, with mail down
  });
  afterAll(() => app?.stop());

  const ready = () => app.client.get('/health/ready');

  it('answers 200 while the mail server is down, reporting it in the body and in the log', async () => {
    const response = await ready();

    expectStatus(response, 200);
    expect(response.body).toEqual({
      status: 'ok',
      checks: {
        database: { status: 'up' },
        migrations: { status: 'up' },
        mail: { status: 'down', message: expect.stringMatching(/^SMTP server unavailable: .*ECONNREFUSED/) },
      },
    });
    expect(app.logs).toMatch(/SMTP server unavailable: .*mail waits in the outbox, the instance stays ready/);
  });

  const onPostgres = process.env.DATABASE_URL ? it : it.skip;
  if (!process.env.DATABASE_URL) {
    console.log(
      'readiness.e2e: the unreachable database and pending migrations are tested with DATABASE_URL',
    );
  }

  /** Waits until /health/ready answers `status`, and returns that answer. */
  const readyWith = (status: number) =>
    waitFor(
      `/health/ready to answer ${status}`,
      async () => {
        const response = await ready();
        return response.status === status ? response : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );

  onPostgres('answers 503 NOT_READY while a migration of this version has not run', async () => {
    const database = app.database.kind === 'postgres' ? app.database.url : '';
    const runner = postgresRunner(database);
    try {
      const [last] = await runner.run(
        `DELETE FROM migrations WHERE id = (SELECT max(id) FROM migrations) RETURNING *`,
      );

      const refused = await ready();
      expectProblem(refused, 503, 'NOT_READY');
      expect(refused.body.checks).toEqual({
        database: { status: 'up' },
        migrations: { status: 'down', message: `1 pending: ${String(last.name)}` },
        mail: expect.objectContaining({ status: 'down' }),
      });

      await runner.run(`INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)`, [
        last.id,
        last.timestamp,
        last.name,
      ]);
      expectStatus(await ready(), 200);
    } finally {
      await runner.close();
    }
  });

  onPostgres('answers 503 NOT_READY while the database is unreachable, and 200 once it is back', async () => {
    const name = app.database.kind === 'postgres' ? new URL(app.database.url).pathname.slice(1) : '';
    const server = postgresRunner(process.env.DATABASE_URL!);
    const admit = (allowed: boolean) => server.run(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${allowed}`);
    try {
      await admit(false);
      await disconnectEveryone(server.run, name);

      const refused = await readyWith(503);
      expectProblem(refused, 503, 'NOT_READY');
      expect(refused.body.checks).toMatchObject({
        database: { status: 'down', message: expect.stringMatching(/^database unreachable: /) },
        migrations: { status: 'down' },
      });
      expect(app.logs).toMatch(/not ready: /);

      await admit(true);
      expectStatus(await readyWith(200), 200);
    } finally {
      await admit(true).catch(() => undefined);
      await server.close();
    }
  });
});

async function disconnectEveryone(run: SqlRunner, database: string): Promise<void> {
  await run(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [database],
  );
}
