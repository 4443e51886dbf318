// One load run of `npm run bench`: autocannon against a started server (bench-server.mjs), with the
// per-run columns: client p50/p99, server time from the Server-Timing header, the server's CPU per request
// and its memory after the run. A run may carry a light second load on another path at the same time
// (`alongside`), whose p99 says how the server answers others while the main load floods it.
import autocannon from 'autocannon';

/**
 * run: { name, connections, requests, amount? (a fixed count instead of `durationSeconds`),
 * alongside?: { path, connections, requestsPerSecond } }. The alongside load is paced, as a probe or a
 * light client is: flat out, it would take a core from the run it is beside.
 */
export async function measureRun(server, run, durationSeconds) {
  const cpuBefore = server.cpuMs();
  const serverTimes = [];
  const requests = run.requests.map((request) => collectingServerTime(request, serverTimes));
  const length = run.amount ? `${run.amount} requests` : `${durationSeconds} s`;
  console.log(`${run.name}: ${run.connections} connections, ${length}`);
  const load = autocannon({
    url: server.url,
    connections: run.connections,
    ...(run.amount ? { amount: run.amount } : { duration: durationSeconds }),
    requests,
  });
  const alongside =
    run.alongside &&
    autocannon({
      url: server.url + run.alongside.path,
      connections: run.alongside.connections,
      overallRate: run.alongside.requestsPerSecond,
      duration: durationSeconds,
    });
  const [result, light] = await Promise.all([load, alongside]);
  return {
    name: run.name,
    connections: run.connections,
    requestsPerSecond: rate(result),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    serverP50Ms: percentile(serverTimes, 50),
    serverP99Ms: percentile(serverTimes, 99),
    // The server's own CPU (user + system) per answered request: steadier than latency on a busy machine.
    serverCpuMsPerRequest: Number(((server.cpuMs() - cpuBefore) / result.requests.total).toFixed(2)),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    // Resident right after the run (what it keeps) and the highest so far (what it needed).
    serverRssMiB: server.rssMiB(),
    serverPeakRssMiB: server.peakRssMiB(),
    ...(light && {
      alongside: run.alongside.path,
      alongsideRequests: light.requests.total,
      alongsideP99Ms: light.latency.p99,
      alongsideNon2xx: light.non2xx,
    }),
  };
}

/**
 * Answers over the run's time, not a mean of whole seconds: a fixed-count run may end mid-second, and slow
 * runs (login at cost 12 on a busy machine: a few a second) need the decimal for their ratio.
 */
function rate(result) {
  const perSecond = result.requests.total / result.duration;
  return perSecond >= 100 ? Math.round(perSecond) : Number(perSecond.toFixed(1));
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
