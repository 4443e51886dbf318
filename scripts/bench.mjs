// `npm run bench`: load-tests the production build on this machine and reports throughput, latency and
// the server's peak memory. Nothing passes or fails: it prints figures to compare between commits and machines.
// BCRYPT_COST (default 12) is passed through; DATABASE_URL names a PostgreSQL server to run on, in a database
// of the bench's own (default: PGlite in a temp dir).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { makePhoto, timeUploads } from './lib/bench-gallery.mjs';
import { createBenchDatabase } from './lib/bench-database.mjs';
import { call } from './lib/bench-http.mjs';
import { startMailSink, tokenOf } from './lib/bench-mail-sink.mjs';
import { magicLinkVerifyBodies, passkeySignInBodies } from './lib/bench-passwordless.mjs';
import { build, ROOT } from './lib/workspace.mjs';

const RESULTS_DIR = join(ROOT, 'bench/results');
const DURATION_SECONDS = 10;
const REFRESH_CONNECTIONS = 10;
// Passwordless sign-ins: a fixed number, each with a body prepared for it (one challenge or link each).
const PASSWORDLESS_CONNECTIONS = 10;
const PASSKEY_SIGN_INS = 2000;
const MAGIC_LINK_VERIFIES = 500;
// Client latencies are autocannon's over loopback; server times come from the API's Server-Timing header
// (arrival of the request to its answer).
const LATENCY_SOURCE = 'client: autocannon over loopback; server: the Server-Timing header';
// `npm run bench -- passkey magic`: only the runs whose name contains one of the words (case-insensitive);
// "uploads" selects the upload runs.
const SELECTED = process.argv.slice(2).map((word) => word.toLowerCase());
const selected = (name) => !SELECTED.length || SELECTED.some((word) => name.toLowerCase().includes(word));
const UPLOAD_RUNS = [
  { count: 10, concurrency: 1 },
  { count: 12, concurrency: 4 },
];

await build('api');
mkdirSync(RESULTS_DIR, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));
const mailSink = await startMailSink();
const port = await freePort();
// WebAuthn checks the origin the authenticator signs; PUBLIC_URL fixes it (and the RP ID, its host).
const publicUrl = `http://localhost:${port}`;
const database = process.env.DATABASE_URL && (await createBenchDatabase(process.env.DATABASE_URL));
const server = await startServer({
  NODE_ENV: 'production',
  JWT_SECRET: randomBytes(48).toString('base64url'),
  BCRYPT_COST: process.env.BCRYPT_COST ?? '12',
  LOG_LEVEL: 'warn',
  SERVER_TIMING: 'true',
  // The bench measures the endpoints, not the per-IP limiter: from one address it would answer 429 at once.
  RATE_LIMIT_LOGIN: '1000000/1m',
  RATE_LIMIT_REFRESH: '1000000/1m',
  RATE_LIMIT_SIGNUP: '1000000/1m',
  RATE_LIMIT_MAIL: '1000000/1m',
  RATE_LIMIT_TOKEN: '1000000/1m',
  RATE_LIMIT_UPLOAD: '1000000/1m',
  DATA_DIR: dataDir,
  SMTP_URL: `smtp://127.0.0.1:${mailSink.address().port}`,
  PUBLIC_URL: publicUrl,
  PORT: String(port),
  ...(database && { DATABASE_URL: database.url }),
}).catch(async (error) => {
  if (database) await database.drop();
  throw error;
});

try {
  const account = {
    email: `bench-${randomBytes(6).toString('hex')}@example.test`,
    password: randomBytes(18).toString('base64url'),
  };
  await call(server.url, 'POST', '/api/v1/auth/signup', account, 202);
  // The gallery is for confirmed accounts: confirm through the link the sink caught.
  const token = tokenOf(await mailSink.linkFor(account.email));
  await call(server.url, 'POST', '/api/v1/auth/email/confirm', { token }, 200);
  const { accessToken } = await login(server.url, account);
  // Each refresh spends its token and returns the next one, so the requests draw from a shared pool that
  // every answer refills: one token in flight per connection. (autocannon's per-connection context is
  // reset after every request when the list has a single request, so it cannot carry the token.)
  const refreshTokens = [];
  for (let i = 0; i < REFRESH_CONNECTIONS; i++)
    refreshTokens.push((await login(server.url, account)).refreshToken);

  const runs = [
    {
      name: 'GET /users/me',
      connections: 50,
      requests: [
        { method: 'GET', path: '/api/v1/users/me', headers: { authorization: `Bearer ${accessToken}` } },
      ],
    },
    {
      name: 'GET /images',
      connections: 50,
      requests: [
        { method: 'GET', path: '/api/v1/images', headers: { authorization: `Bearer ${accessToken}` } },
      ],
    },
    {
      name: 'POST /auth/refresh',
      connections: REFRESH_CONNECTIONS,
      requests: [
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
      ],
    },
    {
      name: 'POST /auth/passkeys/authentication',
      connections: PASSWORDLESS_CONNECTIONS,
      amount: PASSKEY_SIGN_INS,
      // Right before the run: a challenge lives 5 minutes, and registering needs the sign-in to be recent.
      prepare: () => passkeySignInBodies(server.url, publicUrl, accessToken, PASSKEY_SIGN_INS),
      path: '/api/v1/auth/passkeys/authentication',
    },
    {
      name: 'POST /auth/magic-link/verify',
      connections: PASSWORDLESS_CONNECTIONS,
      amount: MAGIC_LINK_VERIFIES,
      prepare: () => magicLinkVerifyBodies(server.url, mailSink, MAGIC_LINK_VERIFIES),
      path: '/api/v1/auth/magic-link/verify',
    },
    // Last: hammering login may trip the per-IP throttle, which would spoil the runs after it.
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
    },
  ];

  const results = [];
  for (const run of runs.filter(({ name }) => selected(name))) {
    let requests = run.requests;
    if (run.prepare) {
      const started = performance.now();
      requests = [signInWith(run.path, await run.prepare())];
      console.log(`\n${run.name}: ${run.amount} sign-ins prepared in ${seconds(started)} s`);
    }
    const cpuBefore = server.cpuMs();
    const serverTimes = [];
    requests = requests.map((request) => collectingServerTime(request, serverTimes));
    const length = run.amount ? `${run.amount} requests` : `${DURATION_SECONDS} s`;
    console.log(`\n${run.name}: ${run.connections} connections, ${length}`);
    const result = await autocannon({
      url: server.url,
      connections: run.connections,
      ...(run.amount ? { amount: run.amount } : { duration: DURATION_SECONDS }),
      requests,
    });
    results.push({
      name: run.name,
      connections: run.connections,
      // A fixed-count run may end mid-second, so its rate is its count over its time, not a mean of seconds.
      requestsPerSecond: Math.round(
        run.amount ? result.requests.total / result.duration : result.requests.average,
      ),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      serverP50Ms: percentile(serverTimes, 50),
      serverP99Ms: percentile(serverTimes, 99),
      // The API process's own CPU (user + system) per answered request: steadier than latency on a busy machine.
      serverCpuMsPerRequest: Number(((server.cpuMs() - cpuBefore) / result.requests.total).toFixed(2)),
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      serverPeakRssMiB: server.peakRssMiB(),
    });
  }

  console.log(`\nlatency: ${LATENCY_SOURCE}`);
  console.table(Object.fromEntries(results.map(({ name, ...row }) => [name, row])));

  const uploads = [];
  if (selected('POST /images uploads')) {
    const photo = await makePhoto();
    for (const run of UPLOAD_RUNS) {
      console.log(
        `\nPOST /images: ${run.count} photos of ${photo.length} bytes, ${run.concurrency} at a time`,
      );
      uploads.push({
        ...(await timeUploads(server.url, accessToken, photo, run)),
        serverPeakRssMiB: server.peakRssMiB(),
      });
    }
    console.table(uploads);
  }
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    bcryptCost: Number(process.env.BCRYPT_COST ?? 12),
    database: process.env.DATABASE_URL ? 'postgresql' : 'pglite',
    durationSeconds: DURATION_SECONDS,
    latency: LATENCY_SOURCE,
    results,
    uploads,
  };
  const file = join(RESULTS_DIR, 'latest.json');
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`results written to ${relative(ROOT, file)}; server log in ${relative(ROOT, server.logFile)}`);
} catch (error) {
  console.error(`\nbench stopped: ${error.message}\nserver log: ${relative(ROOT, server.logFile)}`);
  process.exitCode = 1;
} finally {
  await server.stop();
  if (database) await database.drop();
  mailSink.close();
  rmSync(dataDir, { recursive: true, force: true });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** The production build on its own port; its logs go to a file so they cannot slow the run down. */
async function startServer(env) {
  const logFile = join(RESULTS_DIR, 'server.log');
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [join(ROOT, 'apps/api/dist/main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = `http://127.0.0.1:${env.PORT}`;
  const server = {
    url,
    logFile,
    // VmHWM: the highest resident set size the process has had so far.
    peakRssMiB: () =>
      Math.round(
        Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024,
      ),
    // utime + stime in clock ticks (fields 14 and 15 of /proc/<pid>/stat; 100 ticks a second on Linux).
    cpuMs: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the API exited with code ${child.exitCode}; see ${logFile}`);
    const ready = await fetch(`${url}/api/v1/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return server;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await server.stop();
  throw new Error(`the API did not become ready within 60 s; see ${logFile}`);
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

/** The request, also recording each answer's Server-Timing duration in `times`. */
function collectingServerTime(request, times) {
  return {
    ...request,
    onResponse: (status, body, context, headers) => {
      const duration = /dur=([\d.]+)/.exec(headers['server-timing'] ?? '');
      if (duration) times.push(Number(duration[1]));
      request.onResponse?.(status, body, context, headers);
    },
  };
}

function percentile(values, p) {
  if (!values.length) return undefined;
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function seconds(since) {
  return ((performance.now() - since) / 1000).toFixed(1);
}

async function login(baseUrl, account) {
  return call(baseUrl, 'POST', '/api/v1/auth/login', { ...account, tokenDelivery: 'body' }, 200);
}
