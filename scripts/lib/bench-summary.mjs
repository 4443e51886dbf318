// The closing table of `npm run bench`: each figure of the performance targets as the median and min–max
// over the rounds, and for comparisons the same-round ratio (each round's own quotient, then its median
// and min–max), so that a machine that drifts between rounds moves both sides of a ratio together.

const row = (round, side, name) => round[side]?.results.find((result) => result.name === name);
const usersMe = (round) => row(round, 'latchkey', 'GET /users/me');
const anchorMeDb = (round) => row(round, 'anchor', 'anchor GET /me-db');
const hs256UsersMe = (round) => row(round, 'hs256', 'GET /users/me');
const passkeySignIn = (round) => row(round, 'latchkey', 'POST /auth/passkeys/authentication');
const magicLinkVerify = (round) => row(round, 'latchkey', 'POST /auth/magic-link/verify');
const login = (round) => row(round, 'latchkey', 'POST /auth/login');
const images = (round) => row(round, 'latchkey', 'GET /images');
const parallelUploads = (round) => round.latchkey?.uploads?.[0];

/** figure, its value in a round, optionally the quotient it is judged by, and the target. */
export const FIGURES = [
  {
    figure: 'GET /users/me req/s, 50 conn. (ratio: / anchor GET /me-db)',
    value: (r) => usersMe(r)?.requestsPerSecond,
    ratio: (r) => quotient(usersMe(r)?.requestsPerSecond, anchorMeDb(r)?.requestsPerSecond),
    target: 'ratio ≥ 0.90',
  },
  { figure: 'GET /users/me p99 ms', value: (r) => usersMe(r)?.latencyP99Ms, target: '≤ 20' },
  {
    figure: 'GET /users/me req/s with HS256 tokens (ratio: ES256 / HS256)',
    value: (r) => hs256UsersMe(r)?.requestsPerSecond,
    ratio: (r) => quotient(usersMe(r)?.requestsPerSecond, hs256UsersMe(r)?.requestsPerSecond),
    target: 'ratio ≥ 0.90',
  },
  { figure: 'anchor GET /me-db req/s, 50 conn.', value: (r) => anchorMeDb(r)?.requestsPerSecond },
  { figure: 'anchor GET /me-db p99 ms', value: (r) => anchorMeDb(r)?.latencyP99Ms },
  {
    figure: 'POST /auth/login req/s, 10 conn. (ratio: / bcrypt bound)',
    value: (r) => login(r)?.requestsPerSecond,
    ratio: (r) => quotient(login(r)?.requestsPerSecond, r.latchkey?.bcryptComparesPerSecond),
    target: 'ratio ≥ 0.95',
  },
  { figure: 'bcrypt bound, compares/s', value: (r) => r.latchkey?.bcryptComparesPerSecond },
  { figure: 'GET /health/live p99 ms during login', value: (r) => login(r)?.alongsideP99Ms, target: '≤ 20' },
  { figure: 'RSS after the /users/me load, MiB', value: (r) => usersMe(r)?.serverRssMiB, target: '≤ 160' },
  { figure: 'peak RSS after the /users/me load, MiB', value: (r) => usersMe(r)?.serverPeakRssMiB },
  { figure: 'anchor RSS after its /me-db load, MiB', value: (r) => anchorMeDb(r)?.serverRssMiB },
  {
    figure: 'RSS during 4 parallel 5 MB uploads, MiB',
    value: (r) => parallelUploads(r)?.serverRssDuringMiB,
    target: '≤ 350',
  },
  {
    figure: 'RSS one minute after the uploads, MiB',
    value: (r) => parallelUploads(r)?.serverRssAfterIdleMiB,
    target: '≤ 200',
  },
  {
    figure: 'GET /images (24 items) req/s (ratio: / GET /users/me)',
    value: (r) => images(r)?.requestsPerSecond,
    ratio: (r) => quotient(images(r)?.requestsPerSecond, usersMe(r)?.requestsPerSecond),
    target: 'ratio ≥ 0.5',
  },
  {
    figure: 'passkey sign-in server p50 ms, 10 conn.',
    value: (r) => passkeySignIn(r)?.serverP50Ms,
    target: '< 20',
  },
  { figure: 'passkey sign-in server p99 ms', value: (r) => passkeySignIn(r)?.serverP99Ms },
  { figure: 'passkey sign-in req/s', value: (r) => passkeySignIn(r)?.requestsPerSecond },
  { figure: 'magic-link verify server p50 ms, 10 conn.', value: (r) => magicLinkVerify(r)?.serverP50Ms },
  { figure: 'magic-link verify server p99 ms', value: (r) => magicLinkVerify(r)?.serverP99Ms },
  { figure: 'cold start to ready, ms', value: (r) => r.latchkey?.coldStartMs, target: '≤ 1000' },
  { figure: 'anchor cold start to ready, ms', value: (r) => r.anchor?.coldStartMs },
];

/** One row per figure that the selected runs measured in at least one round. */
export function summarize(rounds) {
  return FIGURES.flatMap(({ figure, value, ratio, target }) => {
    const values = rounds.map(value).filter(Number.isFinite);
    if (!values.length) return [];
    const ratios = ratio ? rounds.map(ratio).filter(Number.isFinite) : [];
    return [
      {
        figure,
        median: round(median(values)),
        min: Math.min(...values),
        max: Math.max(...values),
        ...(ratios.length && {
          ratioMedian: round(median(ratios), 2),
          ratioMin: Math.min(...ratios),
          ratioMax: Math.max(...ratios),
        }),
        target: target ?? '',
        rounds: values.length,
      },
    ];
  });
}

/** The table as the issue writes it: figure, median, min–max, ratio (median, min–max), target. */
export function printSummary(summary) {
  const table = Object.fromEntries(
    summary.map((s) => [
      s.figure,
      {
        median: s.median,
        'min–max': `${s.min}–${s.max}`,
        ratio: s.ratioMedian === undefined ? '' : `${s.ratioMedian} (${s.ratioMin}–${s.ratioMax})`,
        target: s.target,
      },
    ]),
  );
  console.table(table);
}

function quotient(numerator, denominator) {
  return Number.isFinite(numerator) && denominator > 0 ? round(numerator / denominator, 2) : undefined;
}

function median(values) {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round(value, digits = 1) {
  return Number(value.toFixed(digits));
}
