import { isIP } from 'node:net';
import { ConfigError } from './config-error';

/**
 * Which X-Forwarded-For hops Fastify believes: none (false), the nearest `n` hops, or the hops whose
 * address is one of these IPs or CIDR ranges. Never "every hop": then any client names its own address.
 */
export type TrustProxy = false | number | string[];

/** proxy-addr's names for well-known ranges, which Fastify accepts beside addresses and CIDRs. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
const ACCEPTED_FORMS =
  'a hop count (the number of proxies in front, e.g. 1) or the proxies’ addresses or CIDR ranges, ' +
  'comma-separated (e.g. 10.0.0.5,10.1.0.0/16)';
const HOSTNAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * HOST, the interface the server listens on. Development and tests default to the loopback interface so
 * the development inbox (reset links and all) is not on the network; production listens everywhere.
 */
export function parseHost(raw: string | undefined, production: boolean): string {
  const value = raw?.trim();
  if (!value) return production ? '0.0.0.0' : '127.0.0.1';
  if (isIP(value) === 0 && !HOSTNAME.test(value)) {
    throw new ConfigError(
      `HOST must be an IP address or a host name such as 0.0.0.0 or ::1 (got "${value}")`,
    );
  }
  return value;
}

/** TRUST_PROXY: off by default; `true` is refused because it would let every client pick its own IP. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (['', 'false', 'off', 'no', '0'].includes(value.toLowerCase())) return false;
  if (['true', 'on', 'yes'].includes(value.toLowerCase())) {
    throw new ConfigError(
      `TRUST_PROXY=${value} would believe every X-Forwarded-For hop, so any client could choose its own ` +
        `address and escape the per-IP limits; set ${ACCEPTED_FORMS}`,
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 100) throw new ConfigError(`TRUST_PROXY hop count must be at most 100 (got "${value}")`);
    return hops;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const invalid = entries.find((entry) => !isProxyRange(entry));
  if (invalid !== undefined) {
    throw new ConfigError(`TRUST_PROXY must be ${ACCEPTED_FORMS} (got "${invalid}")`);
  }
  return entries;
}

/** An address, a CIDR range narrower than the whole address space (a /0 is `true` again), or a named range. */
function isProxyRange(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  return bits >= 1 && bits <= (version === 4 ? 32 : 128);
}
