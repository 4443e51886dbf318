import { parseDurationSeconds } from './duration';

/**
 * Named per-IP limits (docs/architecture.md › Passwords, lockout and throttling). A route opts in with
 * `@RateLimit(...)`; `mail` is shared by every route
 * that sends mail, so one address cannot make the server mail many people.
 */
export const RATE_LIMIT_POLICIES = ['login', 'signup', 'refresh', 'token', 'mail', 'upload'] as const;
export type RateLimitPolicy = (typeof RATE_LIMIT_POLICIES)[number];

export interface RateLimitRule {
  /** Requests allowed per client address within the window. */
  points: number;
  /** Length of the window, in whole seconds (the window starts with a client's first request). */
  durationSeconds: number;
}

/** Defaults, each overridable as RATE_LIMIT_<POLICY>, e.g. RATE_LIMIT_LOGIN=20/1m. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitPolicy, string>> = {
  login: '20/1m',
  signup: '10/1h',
  refresh: '60/1m',
  token: '30/10m',
  mail: '20/1h',
  upload: '30/1h',
};

export function rateLimitVariable(policy: RateLimitPolicy): string {
  return `RATE_LIMIT_${policy.toUpperCase()}`;
}

/** Parses "<points>/<duration>" such as "20/1m" or "10/1h"; undefined when the text is not one. */
export function parseRateLimit(text: string): RateLimitRule | undefined {
  const match = /^(\d+)\s*\/\s*(\S+)$/.exec(text.trim());
  if (!match) return undefined;
  const points = Number(match[1]);
  const durationSeconds = parseDurationSeconds(match[2]);
  if (!Number.isSafeInteger(points) || points < 1 || !durationSeconds) return undefined;
  return { points, durationSeconds };
}
