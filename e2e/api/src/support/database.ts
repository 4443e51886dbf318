import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { API_DIR, REPO_ROOT } from './paths';

/**
 * Node flags for the short-lived processes here that open PGlite (API instances, the admin CLI, edits):
 * V8's optimizing tier for PGlite's WASM costs more CPU than it saves in a process that lives seconds. Opening
 * a database and running 200 queries took 2.5 s of CPU with it and 1.5 s on the baseline tier alone.
 */
export const PGLITE_NODE_FLAGS = ['--liftoff-only'];

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

/**
 * Where global setup leaves a PGlite data directory with every migration applied, for startApi to copy:
 * creating a PGlite database (initdb in WASM) takes seconds, and tens of them on a loaded 2-core machine.
 */
export const PGLITE_TEMPLATE_ENV = 'E2E_PGLITE_TEMPLATE';

/**
 * Fills `dataDir/pglite` the way an instance's first start would: a new PGlite database migrated by the
 * built API's own data-source options (apps/api/dist), in a separate Node process as runOnPglite does.
 */
export function createPgliteTemplate(dataDir: string): Promise<void> {
  const script = `
    const { PGlite } = require('@electric-sql/pglite');
    const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');
    const { DataSource } = require('typeorm');
    const { dir, databaseModule } = JSON.parse(process.env.E2E_PGLITE_JOB);
    const { dataSourceOptions } = require(databaseModule);
    (async () => {
      const db = await PGlite.create(dir);
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
      await server.start();
      const { port } = server.server.address();
      const url = 'postgres://postgres@127.0.0.1:' + port + '/postgres';
      const dataSource = await new DataSource({ ...dataSourceOptions(url), extra: { max: 1 } }).initialize();
      await dataSource.destroy();
      await server.stop();
      await db.close();
    })().catch((error) => { console.error(error); process.exit(1); });`;
  const job = JSON.stringify({
    dir: join(dataDir, 'pglite'),
    databaseModule: join(API_DIR, 'dist/database/database.module.js'),
  });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...PGLITE_NODE_FLAGS, '-e', script],
      { cwd: REPO_ROOT, env: { ...process.env, E2E_PGLITE_JOB: job } },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`migrating the PGlite template failed\n${stderr}`)) : resolve(),
    );
  });
}

/** A PGlite DATA_DIR for one instance: a copy of the migrated template when global setup made one. */
export function pgliteDatabase(dataDir: string): DatabaseTarget {
  const template = process.env[PGLITE_TEMPLATE_ENV];
  if (template) cpSync(join(template, 'pglite'), join(dataDir, 'pglite'), { recursive: true });
  return { kind: 'pglite', dataDir };
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
      [...PGLITE_NODE_FLAGS, '-e', script],
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
