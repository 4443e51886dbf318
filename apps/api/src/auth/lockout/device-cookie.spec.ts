import type { FastifyReply, FastifyRequest } from 'fastify';
import { testConfig } from '../../testing/test-config';
import { DeviceCookie } from './device-cookie';
import { DEVICE_TOKEN_TTL_SECONDS } from './device-tokens';

const overHttps = () => new DeviceCookie(testConfig({ PUBLIC_URL: 'https://id.example.com' }));
const overHttp = () => new DeviceCookie(testConfig({ PUBLIC_URL: 'http://localhost:3000' }));

describe('DeviceCookie', () => {
  it('carries the __Host- prefix and the Secure flag under https, and neither over plain http', () => {
    const setCookie = jest.fn();
    const reply = { setCookie } as unknown as FastifyReply;

    overHttps().set(reply, 'token');
    overHttp().set(reply, 'token');

    const strict = { httpOnly: true, sameSite: 'strict', path: '/', maxAge: DEVICE_TOKEN_TTL_SECONDS };
    expect(setCookie).toHaveBeenNthCalledWith(1, '__Host-latchkey_device', 'token', {
      ...strict,
      secure: true,
    });
    expect(setCookie).toHaveBeenNthCalledWith(2, 'latchkey_device', 'token', { ...strict, secure: false });
  });

  it('is read under the name the scheme gives it, so a plain-named cookie proves nothing under https', () => {
    const request = { cookies: { latchkey_device: 'planted' } } as unknown as FastifyRequest;

    expect(overHttps().read(request)).toBeUndefined();
    expect(overHttp().read(request)).toBe('planted');
    expect(overHttps().name).toBe('__Host-latchkey_device');
  });
});
