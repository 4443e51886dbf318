import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource, EntitySchema } from 'typeorm';
import { dataSourceOptions } from '../database/database.module';
import { TableChanges } from '../database/table-changes';

export interface TestDatabase {
  dataSource: DataSource;
  /** Hears the change notifications of this database's pooled connections, as the app's does. */
  tableChanges: TableChanges;
  close(): Promise<void>;
}

type EntityTarget = Function | EntitySchema;

/**
 * A migrated database of its own for one test file: a fresh database on the PostgreSQL server named by
 * DATABASE_URL when it is set (as in CI), otherwise PGlite on a copy of the migrated template. Both have
 * run the real migrations.
 */
export async function createTestDatabase(entities: EntityTarget[]): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  return serverUrl ? createOnServer(serverUrl, entities) : createOnPglite(entities);
}

async function createOnServer(serverUrl: string, entities: EntityTarget[]): Promise<TestDatabase> {
  const name = `latchkey_unit_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const { dataSource, tableChanges } = await openDataSource(url.toString(), entities);
  return {
    dataSource,
    tableChanges,
    close: async () => {
      await dataSource.destroy();
      await withAdminClient(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

/**
 * Where the global setup (testing/global-setup.ts) leaves a migrated PGlite data directory: creating a
 * PGlite database runs initdb in WASM, seconds per test file; copying the directory and opening it is faster.
 */
export const PGLITE_TEMPLATE_ENV = 'LATCHKEY_UNIT_PGLITE_TEMPLATE';

async function createOnPglite(entities: EntityTarget[]): Promise<TestDatabase> {
  const template = process.env[PGLITE_TEMPLATE_ENV];
  const copy = template ? mkdtempSync(join(tmpdir(), 'latchkey-unit-')) : undefined;
  if (template && copy) cpSync(template, copy, { recursive: true });
  // Without a template (a spec run outside the Jest config), an in-memory database that migrates itself.
  const db = await PGlite.create(copy);
  const { close, ...opened } = await migratedOverSocket(db, entities);
  return {
    ...opened,
    close: async () => {
      await close();
      if (copy) rmSync(copy, { recursive: true, force: true });
    },
  };
}

/** Serves `db` on a loopback port and opens a data source on it, which applies any pending migration. */
export async function migratedOverSocket(db: PGlite, entities: EntityTarget[]): Promise<TestDatabase> {
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const { port } = (server as unknown as { server: Server }).server.address() as AddressInfo;
  const { dataSource, tableChanges } = await openDataSource(
    `postgres://postgres@127.0.0.1:${port}/postgres`,
    entities,
    { max: 1 },
  );
  return {
    dataSource,
    tableChanges,
    close: async () => {
      await dataSource.destroy();
      await server.stop();
      await db.close();
    },
  };
}

/** A migrated data source whose pooled connections listen for table changes, as the app's do (DatabaseModule). */
async function openDataSource(url: string, entities: EntityTarget[], pool: { max?: number } = {}) {
  const tableChanges = new TableChanges();
  const dataSource = await new DataSource({
    ...dataSourceOptions(url),
    entities,
    extra: { ...pool, onConnect: tableChanges.onConnect },
  }).initialize();
  return { dataSource, tableChanges };
}

async function withAdminClient(serverUrl: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
