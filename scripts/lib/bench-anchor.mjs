// The anchor of `npm run bench`: bench/anchor, a minimal NestJS + Fastify app doing the work of GET /users/me
// and nothing else (verify the JWT with a KeyObject, one primary-key read through TypeORM). It runs on the
// workspace's own dependencies, compiled by the workspace's TypeScript, on a database of its own.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import anchorDatabase from '../../bench/anchor/db-setup.cjs';
import { createBenchDatabase } from './bench-database.mjs';
import { freePort, startProcess } from './bench-server.mjs';
import { ROOT, run } from './workspace.mjs';

const ANCHOR_DIR = join(ROOT, 'bench/anchor');

/** Compiles bench/anchor into bench/anchor/dist (a few seconds; tsc has no cache to go stale). */
export function buildAnchor() {
  return run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ANCHOR_DIR, 'tsconfig.json')]);
}

/**
 * The anchor's database on the server of `serverUrl`, filled as its db-setup does (10,002 users), and
 * start(logFile): a fresh anchor process on it, with a token for one of its users.
 */
export async function prepareAnchor(serverUrl) {
  const database = await createBenchDatabase(serverUrl, 'latchkey_bench_anchor_');
  try {
    const { benchUserId } = await anchorDatabase.setUp(database.url);
    const secret = randomBytes(48).toString('base64url');
    const token = jwt.sign({ sub: benchUserId, role: 'user' }, secret, {
      algorithm: 'HS256',
      expiresIn: '2h',
    });
    const start = async (logFile) => {
      const server = await startProcess({
        script: join(ANCHOR_DIR, 'dist/main.js'),
        env: {
          ...pgEnv(database.url),
          PLATFORM: 'fastify',
          DB: '1',
          JWT_KEYOBJECT: '1',
          JWT_SECRET: secret,
          PORT: String(await freePort()),
        },
        readyPath: '/',
        logFile,
      });
      return { ...server, token };
    };
    return { start, drop: database.drop };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** The anchor reads libpq's variables, not a URL. */
function pgEnv(databaseUrl) {
  const url = new URL(databaseUrl);
  return {
    PGHOST: url.hostname,
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username || 'postgres'),
    PGDATABASE: url.pathname.slice(1),
    ...(url.password && { PGPASSWORD: decodeURIComponent(url.password) }),
  };
}
