import { rateLimitKeyOf } from './client-address';

describe('rateLimitKeyOf', () => {
  it('keys IPv4 clients by address, also when written IPv4-mapped', () => {
    expect(rateLimitKeyOf('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKeyOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKeyOf('203.0.113.8')).not.toBe(rateLimitKeyOf('203.0.113.7'));
  });

  it.each([
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8:1::', '2001:db8:1:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::102:304', '0:0:0:0::/64'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
  ])('keys the IPv6 address %s by its /64 network', (address, key) => {
    expect(rateLimitKeyOf(address)).toBe(key);
  });

  it('gives addresses of one /64 one key and neighbouring networks their own', () => {
    expect(rateLimitKeyOf('2001:db8:a:b::1')).toBe(rateLimitKeyOf('2001:db8:a:b:ffff:ffff:ffff:ffff'));
    expect(rateLimitKeyOf('2001:db8:a:b::1')).not.toBe(rateLimitKeyOf('2001:db8:a:c::1'));
  });
});
