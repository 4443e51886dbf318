import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../../common/problem/problem';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { AuthenticatedSession, SessionsService } from '../sessions/sessions.service';
import { AccessTokenVerifier } from '../tokens/access-token-verifier';

/**
 * Global: every route needs a live session unless it is marked @Public(). The bearer token's signature and
 * claims by AccessTokenVerifier; the account's current state comes from the session lookup on every request,
 * never from the token's claims.
 */
@Injectable()
export class SessionAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: { authorization?: string }; user?: AuthenticatedSession }>();
    const session = await this.sessionOf(request.headers.authorization);
    // One answer for every kind of bad or missing token.
    if (!session) {
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHENTICATED',
        'Sign in first: send a valid access token as "Authorization: Bearer <token>".',
      );
    }
    request.user = session;
    return true;
  }

  private async sessionOf(authorization: string | undefined): Promise<AuthenticatedSession | undefined> {
    const token = /^bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    const claims = token === undefined ? undefined : this.verifier.verify(token);
    if (claims?.typ !== 'access' || typeof claims.sid !== 'string') return undefined;
    const session = await this.sessions.findActive(claims.sid);
    return session !== undefined && session.user.id === claims.sub ? session : undefined;
  }
}
