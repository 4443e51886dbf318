// Cold start of two builds of the API side by side: spawn to the first 200 of GET /api/v1/health/ready, as
// `npm run bench` times it, in alternating starts (A B, then B A, …) on one migrated PostgreSQL database, so
// that a busy machine weighs on both alike. Prints each start and the medians.
//   node scripts/cold-start.mjs <main.js A> [<main.js B>] [--rounds N]   (default: apps/api/dist/bundle/main.js, 10)
// DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres); the script
// makes a database of its own there (coldstart_<random>) and drops it at the end.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createBenchDatabase } from './lib/bench-database.mjs';
import { startMailSink } from './lib/bench-mail-sink.mjs';
import { freePort, startProcess } from './lib/bench-server.mjs';
import { ROOT } from './lib/workspace.mjs';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const ROUNDS = roundsAt === -1 ? 10 : Number(args.splice(roundsAt, 2)[1]);
const scripts = (args.length ? args : ['apps/api/dist/bundle/main.js']).map((script) => resolve(script));
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const resultsDir = join(ROOT, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
const logFile = join(resultsDir, 'cold-start.log');
writeFileSync(logFile, '');
const database = await createBenchDatabase(serverUrl, 'coldstart_');
const mailSink = await startMailSink();
const env = {
  NODE_ENV: 'production',
  DATABASE_URL: database.url,
  JWT_SECRET: randomBytes(48).toString('base64url'),
  JWT_SIGNING_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString(),
  LOG_LEVEL: 'warn',
  SMTP_URL: `smtp://127.0.0.1:${mailSink.address().port}`,
};

async function coldStart(script, { stayUpMs = 0 } = {}) {
  const port = await freePort();
  const server = await startProcess({
    script,
    env: { ...env, PORT: String(port), PUBLIC_URL: `http://localhost:${port}` },
    readyPath: '/api/v1/health/ready',
    logFile,
  });
  // CPU time to ready (user + system) weighs less on a shared machine than the wall time does.
  const cpuMs = server.cpuMs();
  await new Promise((resolve) => setTimeout(resolve, stayUpMs));
  await server.stop();
  return { ms: server.coldStartMs, cpuMs };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
};

try {
  // The first start migrates the empty database: not a cold start of an installed server, so not counted.
  // Each build then runs once for a while, as an installed server has, so that the bundle has its code cache.
  await coldStart(scripts[0]);
  for (const script of scripts) await coldStart(script, { stayUpMs: 7000 });
  const starts = scripts.map(() => []);
  const loads = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = scripts.map((_, index) => index);
    if (round % 2) order.reverse();
    for (const index of order) starts[index].push(await coldStart(scripts[index]));
    loads.push(loadavg()[0]);
    const line = starts.map((s) => `${s.at(-1).ms} ms (cpu ${s.at(-1).cpuMs})`).join('  ');
    console.log(`round ${round + 1}: ${line}`);
  }
  const medians = starts.map((s) => ({
    ms: median(s.map((x) => x.ms)),
    cpuMs: median(s.map((x) => x.cpuMs)),
  }));
  scripts.forEach((script, index) => {
    const ms = starts[index].map((x) => x.ms);
    console.log(
      `${'ABCD'[index]} ${script}: median ${medians[index].ms} ms (min ${Math.min(...ms)}, max ${Math.max(...ms)}, ` +
        `n ${ms.length}), cpu ${medians[index].cpuMs} ms`,
    );
  });
  if (scripts.length === 2) {
    const ratio = (key) => (medians[1][key] / medians[0][key]).toFixed(2);
    console.log(`B/A: wall ${ratio('ms')}, cpu ${ratio('cpuMs')}`);
  }
  console.log(`load average (1 min) during the rounds: ${loads.map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  mailSink.close();
  await database.drop();
}
