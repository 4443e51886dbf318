import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemException } from '../../common/problem/api-problems.decorator';
import { AppConfig } from '../../config/app-config';
import { COOKIE_REFRESH_REFUSED_PROBLEM, REFRESH_REQUEST_HEADER } from './sessions.problems';

export const REFRESH_COOKIE = 'latchkey_refresh';
/**
 * The name over HTTPS: browsers take a `__Secure-` cookie only from a secure origin, so a plain-HTTP page
 * or network attacker cannot plant one. `__Host-` would need Path=/, and this cookie is for the auth routes
 * only. Plain-HTTP development keeps the bare name, since browsers refuse prefixed cookies there.
 */
export const SECURE_REFRESH_COOKIE = `__Secure-${REFRESH_COOKIE}`;
/** The browser sends the cookie to the auth routes only, never to the rest of the API. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

const cookieOptions = {
  httpOnly: true,
  secure: true,
  sameSite: 'strict',
  path: REFRESH_COOKIE_PATH,
} as const;

/**
 * The HttpOnly refresh cookie that the SPA uses instead of a refresh token in the body: its name for this
 * deployment's scheme, and the checks that keep other sites from spending it (docs/architecture.md, Tokens
 * and sessions).
 */
@Injectable()
export class RefreshCookie {
  readonly name: string;
  private readonly allowedOrigins: ReadonlySet<string>;

  constructor(config: AppConfig) {
    const site = new URL(config.publicUrl);
    this.name = site.protocol === 'https:' ? SECURE_REFRESH_COOKIE : REFRESH_COOKIE;
    this.allowedOrigins = new Set([site.origin, ...config.corsOrigins]);
  }

  /** With `maxAgeSeconds` the cookie outlives the browser (remember me); without, it ends with the browser session. */
  set(reply: FastifyReply, token: string, maxAgeSeconds?: number): void {
    reply.setCookie(this.name, token, { ...cookieOptions, maxAge: maxAgeSeconds });
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(this.name, cookieOptions);
  }

  read(request: FastifyRequest): string | undefined {
    return request.cookies?.[this.name] || undefined;
  }

  /**
   * SameSite=Strict keeps the cookie off cross-site requests in today's browsers; this also refuses (403) a
   * request with the cookie that a page of another site could send without a CORS preflight: a body that is
   * not JSON, an Origin outside the allowed ones, or neither an Origin nor the custom header.
   */
  assertSafeUse(request: FastifyRequest): void {
    if (this.read(request) && !(isJson(request) && this.fromAllowedCaller(request))) {
      throw problemException(COOKIE_REFRESH_REFUSED_PROBLEM);
    }
  }

  private fromAllowedCaller({ headers }: FastifyRequest): boolean {
    if (headers.origin !== undefined) return this.allowedOrigins.has(headers.origin);
    return Boolean(headers[REFRESH_REQUEST_HEADER.toLowerCase()]);
  }
}

function isJson({ headers }: FastifyRequest): boolean {
  const mediaType = headers['content-type']?.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json';
}
