import { ConfigError } from './config-error';
import { parseHost, parseTrustProxy } from './network';

describe('HOST', () => {
  it('listens on the loopback interface by default outside production, on every interface in production', () => {
    expect(parseHost(undefined, false)).toBe('127.0.0.1');
    expect(parseHost('  ', false)).toBe('127.0.0.1');
    expect(parseHost(undefined, true)).toBe('0.0.0.0');
  });

  it.each(['0.0.0.0', '::', '::1', '192.0.2.7', 'localhost', 'api.internal'])('accepts %s', (host) => {
    expect(parseHost(host, false)).toBe(host);
  });

  it.each(['http://0.0.0.0', '0.0.0.0:3000', 'a b', '-bad', ''.padEnd(70, 'x')])('refuses %s', (host) => {
    expect(() => parseHost(host, false)).toThrow(/^HOST must be an IP address or a host name/);
  });
});

describe('TRUST_PROXY', () => {
  it.each([undefined, '', 'false', 'off', 'no', '0'])('is off for %p', (raw) => {
    expect(parseTrustProxy(raw)).toBe(false);
  });

  it('reads a hop count', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy(' 2 ')).toBe(2);
  });

  it('reads comma-separated addresses, CIDR ranges and named ranges', () => {
    expect(parseTrustProxy('10.0.0.5, 10.1.0.0/16,fd00::/8, loopback')).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['true', 'TRUE', 'yes', 'on'])('refuses %s, naming the accepted forms', (raw) => {
    const attempt = () => parseTrustProxy(raw);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/would believe every X-Forwarded-For hop/);
    expect(attempt).toThrow(/a hop count .* addresses or CIDR ranges/);
  });

  it.each([
    '0.0.0.0/0',
    '::/0',
    '10.0.0.0/33',
    'fd00::/129',
    '10.0.0.0/',
    '10.0.0/8',
    'proxy.example',
    '1.5',
    '-1',
    '101',
    '10.0.0.1,,',
  ])('refuses %p', (raw) => {
    expect(() => parseTrustProxy(raw)).toThrow(/^TRUST_PROXY /);
  });
});
