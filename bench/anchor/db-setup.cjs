'use strict';
// Creates and fills the `users` table used by nest-app (GET /me-db, POST /login).
//
//   PGHOST=127.0.0.1 PGUSER=bench PGPASSWORD=bench PGDATABASE=bench node db-setup.cjs [--users 10000]
//
// `npm run bench` calls setUp(connectionString) instead, and signs its token for the id it returns.
//
// Two known users: bench10@example.com (bcrypt cost 10) and bench12@example.com
// (bcrypt cost 12), both with password BENCH_PASSWORD below.
const { Client } = require('pg');
const bcrypt = require('bcrypt');

const BENCH_PASSWORD = 'bench-password-123';
const i = process.argv.indexOf('--users');
const N = i > 0 ? +process.argv[i + 1] : 10000;

async function setUp(connectionString, users = N) {
  const c = new Client(
    connectionString
      ? { connectionString }
      : {
          host: process.env.PGHOST || '127.0.0.1',
          port: +(process.env.PGPORT || 5432),
          user: process.env.PGUSER || 'bench',
          password: process.env.PGPASSWORD || 'bench',
          database: process.env.PGDATABASE || 'bench',
        },
  );
  await c.connect();
  await c.query(`DROP TABLE IF EXISTS users`);
  await c.query(`CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email varchar(254) NOT NULL,
    password_hash varchar(100) NOT NULL,
    role varchar(32) NOT NULL DEFAULT 'user',
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
  await c.query(`CREATE UNIQUE INDEX users_email_uq ON users (email)`);
  const filler = await bcrypt.hash('not-used', 10);
  await c.query(
    `INSERT INTO users (email, password_hash) SELECT 'user' || g || '@example.com', $1 FROM generate_series(1, $2) g`,
    [filler, users],
  );
  const h10 = await bcrypt.hash(BENCH_PASSWORD, 10);
  const h12 = await bcrypt.hash(BENCH_PASSWORD, 12);
  await c.query(
    `INSERT INTO users (email, password_hash) VALUES ('bench10@example.com', $1), ('bench12@example.com', $2)`,
    [h10, h12],
  );
  await c.query(`ANALYZE users`);
  const r = await c.query(`SELECT count(*)::int AS n FROM users`);
  const known = await c.query(`SELECT id FROM users WHERE email = 'bench12@example.com'`);
  if (!connectionString) console.log(`users table ready: ${r.rows[0].n} rows`);
  await c.end();
  return { users: r.rows[0].n, benchUserId: known.rows[0].id };
}

module.exports = { BENCH_PASSWORD, setUp };

if (require.main === module) {
  setUp().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
