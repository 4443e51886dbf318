// The processes `npm run bench` measures (Latchkey's production build, the anchor app): started fresh on a
// free port, timed from spawn to ready, and read from /proc for their memory and CPU while they run.
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { ROOT } from './workspace.mjs';

const READY_TIMEOUT_MS = 60_000;
// Fine enough for a cold start target of a second; each probe is one loopback request.
const READY_POLL_MS = 20;
// Extra node flags for the measured processes, e.g. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" for a
// profile under the bench's own load (node refuses --cpu-prof in NODE_OPTIONS).
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/**
 * Spawns `node script` with `env` (PORT included) and resolves once `readyPath` answers 200; its output goes
 * to `logFile` so that logging cannot slow the run down. `coldStartMs` is spawn to the first 200.
 */
export async function startProcess({ script, env, readyPath, logFile }) {
  const log = openSync(logFile, 'a');
  const spawned = performance.now();
  const child = spawn(process.execPath, [...NODE_FLAGS, script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status())[1]);
  const server = {
    url: `http://127.0.0.1:${env.PORT}`,
    logFile,
    coldStartMs: undefined,
    // VmRSS: resident now; VmHWM: the highest resident set size the process has had so far.
    rssMiB: () => Math.round(kib('VmRSS') / 1024),
    peakRssMiB: () => Math.round(kib('VmHWM') / 1024),
    // utime + stime in clock ticks (fields 14 and 15 of /proc/<pid>/stat; 100 ticks a second on Linux).
    cpuMs: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${script} exited with code ${child.exitCode}; see ${logFile}`);
    const ready = await fetch(server.url + readyPath).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) {
      server.coldStartMs = Math.round(performance.now() - spawned);
      return server;
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  await server.stop();
  throw new Error(`${script} did not become ready within ${READY_TIMEOUT_MS / 1000} s; see ${logFile}`);
}
