// The native bcrypt bound for `npm run bench`: how many bcrypt compares a second this machine does at the
// API's cost, with the same libuv pool size (UV_THREADPOOL_SIZE passes through to both), in a process of
// its own so that nothing else shares its pool. Login cannot go faster than this; the bench divides by it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcrypt';

const SCRIPT = fileURLToPath(import.meta.url);

/** Compares a second over `seconds`, measured in a child process. */
export function bcryptBound({ cost, seconds }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, String(cost), String(seconds)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(Buffer.concat(output).toString()).comparesPerSecond);
      else reject(new Error(`the bcrypt bound exited with code ${code}`));
    });
  });
}

/** In the child: keeps twice the pool's size of compares in flight, so the pool never waits for work. */
async function measure(cost, seconds) {
  const hash = await bcrypt.hash('bench-password', cost);
  const inFlight = 2 * Number(process.env.UV_THREADPOOL_SIZE || 4);
  const started = performance.now();
  const until = started + seconds * 1000;
  let compares = 0;
  async function worker() {
    while (performance.now() < until) {
      await bcrypt.compare('bench-password', hash);
      compares++;
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { comparesPerSecond: Number((compares / elapsed).toFixed(1)) };
}

if (process.argv[1] === SCRIPT) {
  const [cost, seconds] = process.argv.slice(2).map(Number);
  process.stdout.write(JSON.stringify(await measure(cost, seconds)));
}
