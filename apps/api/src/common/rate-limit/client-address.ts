import { isIPv6 } from 'node:net';

/** IPv6 hextets that name a network: a host usually holds a whole /64, so counting per address is no limit. */
const IPV6_NETWORK_HEXTETS = 4;

/**
 * The bucket a client's requests count against: its IPv4 address (also when written IPv4-mapped, as
 * dual-stack sockets report it), or the /64 network of an IPv6 address.
 */
export function rateLimitKeyOf(ip: string): string {
  const address = ip.split('%')[0].toLowerCase(); // a zone index (fe80::1%eth0) names no other host
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${leadingHextets(address, IPV6_NETWORK_HEXTETS).join(':')}::/64`;
}

/** The first `count` 16-bit groups of a valid IPv6 address, with "::" expanded and leading zeros dropped. */
function leadingHextets(address: string, count: number): string[] {
  const [head, tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // A dotted IPv4 ending stands for two groups.
  const tailSize = tailGroups.reduce((size, group) => size + (group.includes('.') ? 2 : 1), 0);
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailSize;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups];
  return groups.slice(0, count).map((group) => parseInt(group, 16).toString(16));
}
