import { createServer } from 'node:net';

/**
 * Ports are split into lanes, one per test worker (Jest's JEST_WORKER_ID, Playwright's TEST_PARALLEL_INDEX):
 * a port that one worker picked and let go again (an API instance being spawned or restarted, a sink
 * playing an outage) can never be the one another worker picks next. Seven lanes, a prime, since the OS
 * hands out even ports more often than odd ones.
 */
const LANES = 7;

function workerLane(): number {
  const jestWorker = Number(process.env.JEST_WORKER_ID);
  if (jestWorker >= 1) return (jestWorker - 1) % LANES;
  const playwrightWorker = Number(process.env.TEST_PARALLEL_INDEX);
  return playwrightWorker >= 0 ? playwrightWorker % LANES : 0;
}

/** A TCP port of this worker's lane that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const lane = workerLane();
  for (;;) {
    const port = await osPickedPort();
    if (port % LANES === lane) return port;
  }
}

function osPickedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
