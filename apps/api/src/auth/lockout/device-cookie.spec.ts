import type { FastifyReply, FastifyRequest } from 'fastify';
import { deviceCookieName, deviceCookieOf, setDeviceCookie } from './device-cookie';
import { DEVICE_TOKEN_TTL_SECONDS } from './device-tokens';

describe('device cookie', () => {
  it('carries the __Host- prefix and the Secure flag under https, and neither over plain http', () => {
    const setCookie = jest.fn();
    const reply = { setCookie } as unknown as FastifyReply;

    setDeviceCookie(reply, 'token', 'https://id.example.com');
    setDeviceCookie(reply, 'token', 'http://localhost:3000');

    const strict = { httpOnly: true, sameSite: 'strict', path: '/', maxAge: DEVICE_TOKEN_TTL_SECONDS };
    expect(setCookie).toHaveBeenNthCalledWith(1, '__Host-latchkey_device', 'token', {
      ...strict,
      secure: true,
    });
    expect(setCookie).toHaveBeenNthCalledWith(2, 'latchkey_device', 'token', { ...strict, secure: false });
  });

  it('is read under the name the scheme gives it, so a plain-named cookie proves nothing under https', () => {
    const request = { cookies: { latchkey_device: 'planted' } } as unknown as FastifyRequest;

    expect(deviceCookieOf(request, 'https://id.example.com')).toBeUndefined();
    expect(deviceCookieOf(request, 'http://localhost:3000')).toBe('planted');
    expect(deviceCookieName('https://id.example.com')).toBe('__Host-latchkey_device');
  });
});
