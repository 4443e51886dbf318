import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createPostgresDatabase, DatabaseTarget, postgresRunner } from '../support/database';
import { REPO_ROOT } from '../support/paths';

const JOB = join(REPO_ROOT, 'deploy/k8s/migrate-job.yaml');

interface Job {
  spec: { template: { spec: { containers: { command: string[] }[] } } };
}

/** The migration Job's command as deploy/k8s writes it; the image's working directory is the repo's root. */
function jobCommand(): string[] {
  const job = parse(readFileSync(JOB, 'utf8')) as Job;
  return job.spec.template.spec.containers[0].command;
}

function runJob(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const [command, ...args] = jobCommand();
  const program = command === 'node' ? process.execPath : command;
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env } },
      (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: out + err }),
    );
  });
}

describe("the Kubernetes migration Job's command", () => {
  let database: DatabaseTarget | undefined;

  afterAll(async () => {
    if (database?.kind === 'postgres') await database.drop();
  });

  it('migrates a fresh database once, then finds nothing to do, and says when DATABASE_URL is missing', async () => {
    const serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) throw new Error('the deploy tests run on PostgreSQL: set DATABASE_URL');
    database = await createPostgresDatabase(serverUrl);
    if (database.kind !== 'postgres') throw new Error('expected a PostgreSQL database');
    const env = { NODE_ENV: 'test', DATABASE_URL: database.url };

    const first = await runJob(env);
    expect(first).toMatchObject({
      code: 0,
      output: expect.stringMatching(/^migrate: applied CreateMailOutbox/),
    });
    const runner = postgresRunner(database.url);
    try {
      const [{ count }] = await runner.run('SELECT count(*)::int AS count FROM migrations');
      expect(count).toBe(first.output.split(', ').length);
    } finally {
      await runner.close();
    }
    expect(await runJob(env)).toEqual({ code: 0, output: 'migrate: the schema is up to date\n' });
    expect(await runJob({ NODE_ENV: 'test' })).toMatchObject({
      code: 2,
      output: expect.stringContaining('DATABASE_URL is not set'),
    });
  });
});
