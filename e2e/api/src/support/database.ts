import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { REPO_ROOT } from './paths';

export type Row = Record<string, unknown>;
export type SqlRunner = (text: string, params?: unknown[]) => Promise<Row[]>;

/** Where one test file's API instances keep their data: a PostgreSQL database of their own, or a PGlite dir. */
export type DatabaseTarget =
  { kind: 'postgres'; url: string; drop(): Promise<void> } | { kind: 'pglite'; dataDir: string };

/**
 * A fresh, empty database `latchkey_e2e_<random>` on the PostgreSQL server named by `serverUrl`; the API
 * migrates it on start. drop() removes it even while connections linger (WITH (FORCE)).
 */
export async function createPostgresDatabase(serverUrl: string): Promise<DatabaseTarget> {
  const name = `latchkey_e2e_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    url: url.toString(),
    drop: () => onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/** Runs statements against a PostgreSQL database while the API keeps running. */
export function postgresRunner(url: string): { run: SqlRunner; close(): Promise<void> } {
  const client = new Client({ connectionString: url });
  const connected = client.connect();
  return {
    run: async (text, params) => {
      await connected;
      return (await client.query(text, params)).rows as Row[];
    },
    close: async () => {
      await connected;
      await client.end();
    },
  };
}

/**
 * Runs one statement on the PGlite files in `dataDir` from a separate Node process (PGlite's WASM build
 * loads best outside Jest's module sandbox). PGlite allows a single process, so the API must be stopped.
 */
export function runOnPglite(dataDir: string, text: string, params: unknown[] = []): Promise<Row[]> {
  const script = `
    const { PGlite } = require('@electric-sql/pglite');
    const { dir, text, params } = JSON.parse(process.env.E2E_PGLITE_JOB);
    (async () => {
      const db = await PGlite.create(dir);
      try {
        const result = await db.query(text, params);
        process.stdout.write(JSON.stringify(result.rows));
      } finally {
        await db.close();
      }
    })().catch((error) => { console.error(error); process.exit(1); });`;
  const job = JSON.stringify({ dir: join(dataDir, 'pglite'), text, params });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', script],
      { cwd: REPO_ROOT, env: { ...process.env, E2E_PGLITE_JOB: job }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`PGlite statement failed: ${text}\n${stderr}`));
        else resolve(JSON.parse(stdout || '[]') as Row[]);
      },
    );
  });
}

async function onServer(serverUrl: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
