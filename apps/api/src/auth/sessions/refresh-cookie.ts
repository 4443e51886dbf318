import type { FastifyReply, FastifyRequest } from 'fastify';

export const REFRESH_COOKIE = 'latchkey_refresh';
/** The browser sends the cookie to the auth routes only, never to the rest of the API. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

const cookieOptions = {
  httpOnly: true,
  secure: true,
  sameSite: 'strict',
  path: REFRESH_COOKIE_PATH,
} as const;

/** With `maxAgeSeconds` the cookie outlives the browser (remember me); without, it ends with the browser session. */
export function setRefreshCookie(reply: FastifyReply, token: string, maxAgeSeconds?: number): void {
  reply.setCookie(REFRESH_COOKIE, token, { ...cookieOptions, maxAge: maxAgeSeconds });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, cookieOptions);
}

export function refreshCookieOf(request: FastifyRequest): string | undefined {
  return request.cookies?.[REFRESH_COOKIE] || undefined;
}
