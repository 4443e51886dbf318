// `npm run bench`: load-tests the production build on this machine, beside a minimal NestJS + Fastify app
// doing the same work as GET /users/me (bench/anchor), in alternating rounds (a fresh process of each per
// round), and reports per figure the median and min–max over the rounds and the same-round ratios, next to
// the performance targets. Nothing passes or fails: figures to compare between commits and machines.
//   npm run bench -- [words…] [--rounds N]   only the runs whose name contains a word; N rounds (default 3)
// BCRYPT_COST (default 12) and UV_THREADPOOL_SIZE pass through; DATABASE_URL names a PostgreSQL server to run
// on, in databases of the bench's own (default: PGlite in a temp dir, and no anchor, which needs PostgreSQL).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildAnchor, prepareAnchor } from './lib/bench-anchor.mjs';
import { bcryptBound } from './lib/bench-bcrypt.mjs';
import { createBenchDatabase } from './lib/bench-database.mjs';
import { makePhoto, seedGallery, uploadsWithRss } from './lib/bench-gallery.mjs';
import { call, inParallel } from './lib/bench-http.mjs';
import { measureRun } from './lib/bench-load.mjs';
import { startMailSink, tokenOf } from './lib/bench-mail-sink.mjs';
import { magicLinkVerifyBodies, passkeySignInBodies } from './lib/bench-passwordless.mjs';
import { freePort, startProcess } from './lib/bench-server.mjs';
import { printSummary, summarize } from './lib/bench-summary.mjs';
import { apiMallocEnv } from './lib/malloc-settings.mjs';
import { build, ROOT } from './lib/workspace.mjs';

const RESULTS_DIR = join(ROOT, 'bench/results');
const DURATION_SECONDS = 10;
const BCRYPT_COST = process.env.BCRYPT_COST ?? '12';
const REFRESH_CONNECTIONS = 10;
// Passwordless sign-ins: a fixed number, each with a body prepared for it (one challenge or link each).
const PASSWORDLESS_CONNECTIONS = 10;
const PASSKEY_SIGN_INS = 2000;
const MAGIC_LINK_VERIFIES = 500;
// A full page of the gallery: what GET /images answers by default.
const GALLERY_PAGE = 24;
// The first upload run is the parallel one whose memory the targets speak of; the idle wait follows it.
const UPLOAD_RUNS = [
  { count: 12, concurrency: 4 },
  { count: 10, concurrency: 1 },
];
const UPLOAD_IDLE_SECONDS = 60;
// Client latencies are autocannon's over loopback; server times come from the API's Server-Timing header
// (arrival of the request to its answer).
const LATENCY_SOURCE = 'client: autocannon over loopback; server: the Server-Timing header';

const { words, rounds: ROUNDS } = parseArguments(process.argv.slice(2));
const selected = (name) => !words.length || words.some((word) => name.toLowerCase().includes(word));
const withAnchor = Boolean(process.env.DATABASE_URL) && selected('GET /users/me');
// By "uploads" alone, so that "images" selects GET /images without the uploads (minutes, idle minute included).
const withUploads = selected('uploads');
// Passkey sign-ins come from as many people (each with a passkey) as there are connections, as sign-ins do in
// service. With one passkey for all, the 10 connections queued on its row, which every sign-in updates (the
// counter, last used), and on the account's device rows, and got slower round after round on one database:
// p50 18.5, 20.5, 24.5 ms in three runs, against 17–19 ms, steady, over 10 accounts.
const passkeyAccounts = selected('POST /auth/passkeys')
  ? Array.from({ length: PASSWORDLESS_CONNECTIONS }, newAccount)
  : [];
if (!process.env.DATABASE_URL && selected('GET /users/me'))
  console.log('no DATABASE_URL: the anchor needs PostgreSQL, so this run has no same-work ratio');

await build('api');
if (withAnchor) await buildAnchor();
mkdirSync(RESULTS_DIR, { recursive: true });
const logFile = join(RESULTS_DIR, 'server.log');
writeFileSync(logFile, '');
const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));
const mailSink = await startMailSink();
const port = await freePort();
// WebAuthn checks the origin the authenticator signs; PUBLIC_URL fixes it (and the RP ID, its host).
const publicUrl = `http://localhost:${port}`;
const cleanUps = [() => mailSink.close(), () => rmSync(dataDir, { recursive: true, force: true })];
const API_ENV = {
  NODE_ENV: 'production',
  JWT_SECRET: randomBytes(48).toString('base64url'),
  JWT_SIGNING_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString(),
  BCRYPT_COST,
  LOG_LEVEL: 'warn',
  SERVER_TIMING: 'true',
  // The bench measures the endpoints, not the per-IP limiter: from one address it would answer 429 at once.
  ...Object.fromEntries(
    ['LOGIN', 'REFRESH', 'SIGNUP', 'MAIL', 'TOKEN', 'UPLOAD'].map((l) => [`RATE_LIMIT_${l}`, '1000000/1m']),
  ),
  DATA_DIR: dataDir,
  // Started as deployed (the Dockerfile, `npm start`): memory figures of another allocator setup would say
  // nothing about the product.
  ...apiMallocEnv(),
  SMTP_URL: `smtp://127.0.0.1:${mailSink.address().port}`,
  PUBLIC_URL: publicUrl,
  PORT: String(port),
};
/**
 * Latchkey signing access tokens as before ES256 (HS256 with JWT_SECRET), for the algorithm's cost on GET
 * /users/me. BENCH_HS256_ACCESS_TOKENS is refused in production, so this side runs as development; NODE_ENV
 * decides nothing on the request path (only which settings are required at start).
 */
const HS256_ENV = { NODE_ENV: 'development', BENCH_HS256_ACCESS_TOKENS: 'true' };
/** A fresh API process; `env` overrides API_ENV (for a side that runs Latchkey configured otherwise). */
const startApi = (env = {}) =>
  startProcess({
    script: join(ROOT, 'apps/api/dist/bundle/main.js'),
    env: { ...API_ENV, ...env },
    readyPath: '/api/v1/health/ready',
    logFile,
  });

try {
  if (process.env.DATABASE_URL) {
    const database = await createBenchDatabase(process.env.DATABASE_URL);
    cleanUps.unshift(database.drop);
    API_ENV.DATABASE_URL = database.url;
  }
  const anchor = withAnchor && (await prepareAnchor(process.env.DATABASE_URL));
  if (anchor) cleanUps.unshift(anchor.drop);
  // Set-up in a process of its own, so that each round starts on a migrated database (as a restart does).
  const account = newAccount();
  await withServer(
    () => startApi(),
    async (server) => {
      for (const confirmed of [account, ...passkeyAccounts]) await signUpConfirmed(server, confirmed);
      if (selected('GET /images')) {
        const { accessToken } = await login(server.url, account);
        await seedGallery(server.url, accessToken, GALLERY_PAGE);
        const page = await call(server.url, 'GET', '/api/v1/images', undefined, 200, accessToken);
        if (page.items.length !== GALLERY_PAGE)
          throw new Error(`GET /images answers ${page.items.length} items, not ${GALLERY_PAGE}`);
      }
    },
  );
  const photo = withUploads && (await makePhoto());

  const rounds = [];
  for (let number = 1; number <= ROUNDS; number++) {
    // A fresh process of each per round. The anchor is measured next to Latchkey's GET /users/me, which its
    // ratio is about, whatever else is selected: before Latchkey starts in even rounds, right after that run
    // in odd ones (Latchkey waiting idle meanwhile), so that neither always meets a machine warmed (or
    // loaded) by the other. A further side (Latchkey configured otherwise) is one more key of the round.
    const round = { round: number, order: [] };
    const measureAnchor = async () => {
      console.log(`\nround ${number} of ${ROUNDS}: anchor`);
      round.anchor = await anchorRound(anchor);
      round.order.push('anchor');
    };
    const anchorFirst = anchor && number % 2 === 0;
    if (anchorFirst) await measureAnchor();
    console.log(`\nround ${number} of ${ROUNDS}: latchkey`);
    round.latchkey = await latchkeyRound(account, photo, {}, anchor && !anchorFirst && measureAnchor);
    round.order.splice(anchorFirst ? 1 : 0, 0, 'latchkey');
    if (selected('GET /users/me')) {
      console.log(`\nround ${number} of ${ROUNDS}: latchkey with HS256 access tokens`);
      round.hs256 = await usersMeRound(() => startApi(HS256_ENV), account);
      round.order.push('hs256');
    }
    printRound(round);
    rounds.push(round);
  }

  const summary = summarize(rounds);
  const database = process.env.DATABASE_URL ? 'postgresql' : 'pglite';
  console.log(`\n${ROUNDS} round(s) on ${database}; latency: ${LATENCY_SOURCE}`);
  printSummary(summary);
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    bcryptCost: Number(BCRYPT_COST),
    uvThreadpoolSize: Number(process.env.UV_THREADPOOL_SIZE || 4),
    database,
    durationSeconds: DURATION_SECONDS,
    latency: LATENCY_SOURCE,
    selection: words,
    summary,
    rounds,
  };
  const file = join(RESULTS_DIR, 'latest.json');
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`results written to ${relative(ROOT, file)}; server logs in ${relative(ROOT, logFile)}`);
} catch (error) {
  console.error(`\nbench stopped: ${error.message}\nserver logs: ${relative(ROOT, logFile)}`);
  process.exitCode = 1;
} finally {
  for (const cleanUp of cleanUps) await cleanUp();
}

/** The load runs on Latchkey, in order; add one here (with `prepare` if it needs bodies made first). */
function latchkeyRuns(server, account) {
  // As many sessions as connections, taken in turn, so that the requests in flight look up different
  // sessions, as 50 people's would: with one token, concurrent lookups of one session could coalesce.
  let sessions;
  const inTurnOfSessions = (path) => async () => {
    sessions ??= inParallel(50, 4, async () => (await login(server.url, account)).accessToken);
    const tokens = await sessions;
    let next = 0;
    return [
      {
        method: 'GET',
        path,
        setupRequest: (request) => ({
          ...request,
          headers: { authorization: `Bearer ${tokens[next++ % tokens.length]}` },
        }),
      },
    ];
  };
  return [
    { name: 'GET /users/me', connections: 50, prepare: inTurnOfSessions('/api/v1/users/me') },
    { name: 'GET /images', connections: 50, prepare: inTurnOfSessions('/api/v1/images') },
    {
      name: 'POST /auth/refresh',
      connections: REFRESH_CONNECTIONS,
      // Each refresh spends its token and returns the next one, so the requests draw from a shared pool that
      // every answer refills: one token in flight per connection. (autocannon's per-connection context is
      // reset after every request when the list has a single request, so it cannot carry the token.)
      prepare: async () => {
        const refreshTokens = [];
        for (let i = 0; i < REFRESH_CONNECTIONS; i++)
          refreshTokens.push((await login(server.url, account)).refreshToken);
        return [
          {
            method: 'POST',
            path: '/api/v1/auth/refresh',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ refreshToken: refreshTokens.pop() ?? 'none-left' }),
            }),
            onResponse: (status, body) => {
              if (status === 200) refreshTokens.push(JSON.parse(body).refreshToken);
            },
          },
        ];
      },
    },
    {
      name: 'POST /auth/passkeys/authentication',
      connections: PASSWORDLESS_CONNECTIONS,
      amount: PASSKEY_SIGN_INS,
      // Right before the run: a challenge lives 5 minutes, and registering needs the sign-in to be recent.
      prepare: async () => {
        const signedIn = await Promise.all(passkeyAccounts.map((person) => login(server.url, person)));
        const tokens = signedIn.map(({ accessToken: token }) => token);
        return [
          signInWith(
            '/api/v1/auth/passkeys/authentication',
            await passkeySignInBodies(server.url, publicUrl, tokens, PASSKEY_SIGN_INS),
          ),
        ];
      },
    },
    {
      name: 'POST /auth/magic-link/verify',
      connections: PASSWORDLESS_CONNECTIONS,
      amount: MAGIC_LINK_VERIFIES,
      prepare: async () => [
        signInWith(
          '/api/v1/auth/magic-link/verify',
          await magicLinkVerifyBodies(server.url, mailSink, MAGIC_LINK_VERIFIES),
        ),
      ],
    },
    // Last: hammering login may trip the per-IP throttle, which would spoil the runs after it. Beside it the
    // liveness probe, paced as probes and load balancers call it (20 a second: enough for a p99 over the
    // run), and after it the bcrypt bound it is judged by.
    {
      name: 'POST /auth/login',
      connections: 10,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...account, tokenDelivery: 'body' }),
        },
      ],
      alongside: { path: '/api/v1/health/live', connections: 1, requestsPerSecond: 20 },
      bcryptBound: true,
    },
  ];
}

/**
 * A fresh API process: the selected load runs, the bcrypt bound after login, then the uploads;
 * `afterUsersMe` (if given) runs right after GET /users/me.
 */
function latchkeyRound(account, photo, env, afterUsersMe) {
  return withServer(
    () => startApi(env),
    async (server) => {
      const { accessToken } = await login(server.url, account);
      const latchkey = { coldStartMs: server.coldStartMs, results: [] };
      for (const run of latchkeyRuns(server, account).filter(({ name }) => selected(name))) {
        let requests = run.requests;
        if (run.prepare) {
          const started = performance.now();
          requests = await run.prepare();
          console.log(`${run.name}: prepared in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        }
        latchkey.results.push(await measureRun(server, { ...run, requests }, DURATION_SECONDS));
        if (run.name === 'GET /users/me' && afterUsersMe) await afterUsersMe();
        if (run.bcryptBound) {
          console.log(`bcrypt bound: compares at cost ${BCRYPT_COST} for ${DURATION_SECONDS} s`);
          const cost = Number(BCRYPT_COST);
          latchkey.bcryptComparesPerSecond = await bcryptBound({ cost, seconds: DURATION_SECONDS });
        }
      }
      if (photo)
        latchkey.uploads = await uploadsWithRss(server, accessToken, photo, UPLOAD_RUNS, UPLOAD_IDLE_SECONDS);
      return latchkey;
    },
  );
}

/** A fresh API process started by `start`: GET /users/me alone, as the Latchkey round loads it. */
function usersMeRound(start, account) {
  return withServer(start, async (server) => {
    const [usersMe] = latchkeyRuns(server, account);
    const requests = await usersMe.prepare();
    return {
      coldStartMs: server.coldStartMs,
      results: [await measureRun(server, { ...usersMe, requests }, DURATION_SECONDS)],
    };
  });
}

/** A fresh anchor process: GET /me-db as Latchkey's GET /users/me is loaded (same connections, same time). */
function anchorRound(anchor) {
  return withServer(
    () => anchor.start(logFile),
    async (server) => ({
      coldStartMs: server.coldStartMs,
      results: [
        await measureRun(
          server,
          {
            name: 'anchor GET /me-db',
            connections: 50,
            requests: [
              { method: 'GET', path: '/me-db', headers: { authorization: `Bearer ${server.token}` } },
            ],
          },
          DURATION_SECONDS,
        ),
      ],
    }),
  );
}

async function withServer(start, use) {
  const server = await start();
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

function printRound({ round, latchkey, anchor, hs256 }) {
  const rows = [
    ...(latchkey?.results ?? []),
    ...(hs256?.results ?? []).map((result) => ({ ...result, name: `${result.name} (HS256)` })),
    ...(anchor?.results ?? []),
  ];
  console.log(
    `\nround ${round}: cold start ${latchkey.coldStartMs} ms (anchor ${anchor?.coldStartMs ?? '–'} ms)`,
  );
  if (rows.length) console.table(Object.fromEntries(rows.map(({ name, ...row }) => [name, row])));
  if (latchkey.bcryptComparesPerSecond)
    console.log(`bcrypt bound: ${latchkey.bcryptComparesPerSecond} compares/s`);
  if (latchkey.uploads) console.table(latchkey.uploads);
}

/** A sign-in request that sends each of `bodies` once (autocannon's `amount` stops when they run out). */
function signInWith(path, bodies) {
  return {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    setupRequest: (request) => ({ ...request, body: bodies.pop() }),
  };
}

function newAccount() {
  return {
    email: `bench-${randomBytes(6).toString('hex')}@example.test`,
    password: randomBytes(18).toString('base64url'),
  };
}

/** Signs the account up and confirms it through the link the sink caught (the gallery is for confirmed ones). */
async function signUpConfirmed(server, account) {
  await call(server.url, 'POST', '/api/v1/auth/signup', account, 202);
  const token = tokenOf(await mailSink.linkFor(account.email));
  await call(server.url, 'POST', '/api/v1/auth/email/confirm', { token }, 200);
}

function login(baseUrl, account) {
  return call(baseUrl, 'POST', '/api/v1/auth/login', { ...account, tokenDelivery: 'body' }, 200);
}

/** Words select runs by name (case-insensitive; "uploads" selects the upload runs); --rounds N. */
function parseArguments(args) {
  const words = [];
  let rounds = 3;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=');
    if (flag === '--rounds') rounds = Number(inline ?? args[++i]);
    else words.push(args[i].toLowerCase());
  }
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number ≥ 1');
  return { words, rounds };
}
