import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { randomBytes } from 'node:crypto';
import { AddressInfo, Server } from 'node:net';
import { Client } from 'pg';
import { DataSource, EntitySchema } from 'typeorm';
import { dataSourceOptions } from '../database/database.module';

export interface TestDatabase {
  dataSource: DataSource;
  close(): Promise<void>;
}

type EntityTarget = Function | EntitySchema;

/**
 * A migrated database of its own for one test file: a fresh database on the PostgreSQL server named by
 * DATABASE_URL when it is set (as in CI), otherwise an in-memory PGlite. Both run the real migrations.
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
  const dataSource = await new DataSource({ ...dataSourceOptions(url.toString()), entities }).initialize();
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await withAdminClient(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

async function createOnPglite(entities: EntityTarget[]): Promise<TestDatabase> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const { port } = (server as unknown as { server: Server }).server.address() as AddressInfo;
  const dataSource = await new DataSource({
    ...dataSourceOptions(`postgres://postgres@127.0.0.1:${port}/postgres`),
    entities,
    extra: { max: 1 },
  }).initialize();
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await server.stop();
      await db.close();
    },
  };
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
