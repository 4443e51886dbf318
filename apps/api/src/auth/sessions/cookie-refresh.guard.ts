import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RefreshCookie } from './refresh-cookie';

/**
 * Guards POST /auth/refresh when it would spend the refresh cookie (no token in the body). A guard runs
 * before the body is validated, so everything a page of another site can send, an HTML form's text/plain
 * body included, gets the one 403 COOKIE_REFRESH_REFUSED and spends nothing.
 */
@Injectable()
export class CookieRefreshGuard implements CanActivate {
  constructor(private readonly refreshCookie: RefreshCookie) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const body = request.body as { refreshToken?: unknown } | null | undefined;
    const sendsToken = typeof body === 'object' && body?.refreshToken !== undefined;
    if (!sendsToken) this.refreshCookie.assertSafeUse(request);
    return true;
  }
}
