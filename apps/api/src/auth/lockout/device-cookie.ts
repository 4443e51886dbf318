import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEVICE_TOKEN_TTL_SECONDS } from './device-tokens';

/**
 * The device token as a cookie, for browsers: HttpOnly (no script reads it), SameSite=Strict, long-lived.
 * Under https it carries the `__Host-` prefix, which the browser only accepts from this very origin, secure
 * and for the path `/` (so no sibling domain or plain-http page can plant or overwrite one); over plain http
 * (development) it has a plain name and no Secure flag. The scheme is PUBLIC_URL's.
 */
export function deviceCookieName(publicUrl: string): string {
  return isHttps(publicUrl) ? '__Host-latchkey_device' : 'latchkey_device';
}

export function setDeviceCookie(reply: FastifyReply, token: string, publicUrl: string): void {
  reply.setCookie(deviceCookieName(publicUrl), token, {
    httpOnly: true,
    secure: isHttps(publicUrl),
    sameSite: 'strict',
    path: '/',
    maxAge: DEVICE_TOKEN_TTL_SECONDS,
  });
}

export function deviceCookieOf(request: FastifyRequest, publicUrl: string): string | undefined {
  return request.cookies?.[deviceCookieName(publicUrl)] || undefined;
}

function isHttps(publicUrl: string): boolean {
  return publicUrl.startsWith('https:');
}
