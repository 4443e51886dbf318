import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../../common/problem/problem';
import { UsersService } from '../../users/users.service';
import { REQUIRES_CONFIRMED } from '../decorators/confirmed.decorator';
import type { AuthenticatedSession } from '../sessions/sessions.service';

/** Global, after SessionAuthGuard: enforces @Confirmed() from the account's current state (DESIGN §1). */
@Injectable()
export class AccountStateGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const needsConfirmed = this.reflector.getAllAndOverride<boolean>(REQUIRES_CONFIRMED, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!needsConfirmed) return true;
    const { user } = context.switchToHttp().getRequest<{ user: AuthenticatedSession }>().user;
    if (!user.emailConfirmedAt) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'EMAIL_NOT_CONFIRMED',
        'Confirm your email address first: follow the link in the mail we sent you.',
      );
    }
    if (!this.users.isApproved(user)) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'ACCOUNT_PENDING_APPROVAL',
        'Your account is waiting for an administrator to approve it.',
      );
    }
    return true;
  }
}
