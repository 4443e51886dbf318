import { ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ProblemException } from '../../common/problem/problem';
import { IS_PUBLIC } from '../decorators/public.decorator';
import type { AuthenticatedSession } from '../sessions/sessions.service';

/** Global: every route needs a live session unless it is marked @Public(). */
@Injectable()
export class SessionAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic || super.canActivate(context);
  }

  // Passport's own failure says nothing useful; one answer for every kind of bad or missing token.
  override handleRequest<T = AuthenticatedSession>(error: unknown, session: T | false): T {
    if (error) throw error;
    if (!session) {
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHENTICATED',
        'Sign in first: send a valid access token as "Authorization: Bearer <token>".',
      );
    }
    return session;
  }
}
