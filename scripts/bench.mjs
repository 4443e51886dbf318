// `npm run bench`: load-tests the production build on this machine and reports throughput, latency and
// the server's peak memory. Nothing passes or fails: it prints figures to compare between commits and machines.
// BCRYPT_COST (default 12) and DATABASE_URL (default: PGlite in a temp dir) are passed through.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import PostalMime from 'postal-mime';
import smtp from 'smtp-server';
import { makePhoto, timeUploads } from './lib/bench-gallery.mjs';
import { build, ROOT } from './lib/workspace.mjs';

const RESULTS_DIR = join(ROOT, 'bench/results');
const DURATION_SECONDS = 10;
const REFRESH_CONNECTIONS = 10;
const UPLOAD_RUNS = [
  { count: 10, concurrency: 1 },
  { count: 12, concurrency: 4 },
];

await build('api');
mkdirSync(RESULTS_DIR, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));
const mailSink = await startMailSink();
const server = await startServer({
  NODE_ENV: 'production',
  JWT_SECRET: randomBytes(48).toString('base64url'),
  BCRYPT_COST: process.env.BCRYPT_COST ?? '12',
  LOG_LEVEL: 'warn',
  // The bench measures the endpoints, not the per-IP limiter: from one address it would answer 429 at once.
  RATE_LIMIT_LOGIN: '1000000/1m',
  RATE_LIMIT_REFRESH: '1000000/1m',
  RATE_LIMIT_SIGNUP: '1000000/1m',
  RATE_LIMIT_MAIL: '1000000/1m',
  RATE_LIMIT_UPLOAD: '1000000/1m',
  DATA_DIR: dataDir,
  SMTP_URL: `smtp://127.0.0.1:${mailSink.address().port}`,
  PORT: String(await freePort()),
});

try {
  const account = {
    email: `bench-${randomBytes(6).toString('hex')}@example.test`,
    password: randomBytes(18).toString('base64url'),
  };
  await call(server.url, 'POST', '/api/v1/auth/signup', account, 202);
  // The gallery is for confirmed accounts: confirm through the link the sink caught.
  const token = new URL((await mailSink.nextLink()).replace(/&amp;/g, '&')).searchParams.get('token');
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
  for (const run of runs) {
    console.log(`\n${run.name}: ${run.connections} connections, ${DURATION_SECONDS} s`);
    const result = await autocannon({
      url: server.url,
      connections: run.connections,
      duration: DURATION_SECONDS,
      requests: run.requests,
    });
    results.push({
      name: run.name,
      connections: run.connections,
      requestsPerSecond: Math.round(result.requests.average),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      serverPeakRssMiB: server.peakRssMiB(),
    });
  }

  console.log();
  console.table(Object.fromEntries(results.map(({ name, ...row }) => [name, row])));

  const photo = await makePhoto();
  const uploads = [];
  for (const run of UPLOAD_RUNS) {
    console.log(`\nPOST /images: ${run.count} photos of ${photo.length} bytes, ${run.concurrency} at a time`);
    uploads.push({
      ...(await timeUploads(server.url, accessToken, photo, run)),
      serverPeakRssMiB: server.peakRssMiB(),
    });
  }
  console.table(uploads);
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    bcryptCost: Number(process.env.BCRYPT_COST ?? 12),
    database: process.env.DATABASE_URL ? 'postgresql' : 'pglite',
    durationSeconds: DURATION_SECONDS,
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
  mailSink.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Accepts every mail, so the API's outbox has somewhere real to deliver to; keeps the first link of each. */
async function startMailSink() {
  const links = [];
  const waiting = [];
  const sink = new smtp.SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    async onData(stream, _session, callback) {
      const mail = await PostalMime.parse(Buffer.concat(await stream.toArray()));
      const link = /https?:\/\/\S+token=[\w-]+/.exec(mail.text ?? '')?.[0];
      if (link) (waiting.shift() ?? ((found) => links.push(found)))(link);
      callback();
    },
  });
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  return {
    address: () => sink.server.address(),
    close: () => sink.close(),
    nextLink: () =>
      links.length ? Promise.resolve(links.shift()) : new Promise((resolve) => waiting.push(resolve)),
  };
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

async function login(baseUrl, account) {
  return call(baseUrl, 'POST', '/api/v1/auth/login', { ...account, tokenDelivery: 'body' }, 200);
}

async function call(baseUrl, method, path, body, expectedStatus) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expectedStatus) {
    throw new Error(
      `${method} ${path} answered ${response.status} (expected ${expectedStatus}): ${text.slice(0, 300)}`,
    );
  }
  return text ? JSON.parse(text) : undefined;
}
