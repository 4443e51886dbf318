// The bench's own PostgreSQL database: other instances on the same server (other benches, tests) would
// otherwise share its tables, and their outbox workers would deliver the bench's mail to their own sinks.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh, empty database `latchkey_bench_<random>` (`<prefix><random>`) on the server of `serverUrl` (the API
 * migrates it on start); drop() removes it, connections or not.
 */
export async function createBenchDatabase(serverUrl, prefix = 'latchkey_bench_') {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function onServer(serverUrl, statement) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
