import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiProblems, type DocumentedProblem } from '../../common/problem/api-problems.decorator';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { ReauthMethods } from './reauth-methods';
import { REAUTHENTICATION_REQUIRED_PROBLEM, reauthenticationRequired } from './reauth.problems';

export const REQUIRES_RECENT_AUTH = 'latchkey:requiresRecentAuth';

/**
 * Sensitive routes: the session must have signed in or re-authenticated within the last 5 minutes
 * (RECENT_AUTH_WINDOW), or the answer is 403 REAUTHENTICATION_REQUIRED with the methods this account has.
 * `other403s`: the route's other 403 problems, documented together (one OpenAPI response per status).
 */
export const RecentAuth = (...other403s: DocumentedProblem[]) =>
  applyDecorators(
    SetMetadata(REQUIRES_RECENT_AUTH, true),
    ApiProblems(REAUTHENTICATION_REQUIRED_PROBLEM, ...other403s),
  );

/** Decides for a session; services use it too where a route accepts another proof (a current password). */
@Injectable()
export class RecentAuthCheck {
  constructor(private readonly methods: ReauthMethods) {}

  async assert(session: AuthenticatedSession): Promise<void> {
    if (!session.recentlyAuthenticated) throw reauthenticationRequired(await this.methods.of(session.user));
  }
}

/** Global, after the account-state guard: enforces @RecentAuth() from the session lookup of this request. */
@Injectable()
export class RecentAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly check: RecentAuthCheck,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<boolean>(REQUIRES_RECENT_AUTH, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required) {
      await this.check.assert(context.switchToHttp().getRequest<{ user: AuthenticatedSession }>().user);
    }
    return true;
  }
}
