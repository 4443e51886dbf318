import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ADMIN_ONLY_PROBLEM,
  EMAIL_NOT_CONFIRMED_PROBLEM,
  PENDING_APPROVAL_PROBLEM,
  problemException,
} from '../../common/problem/api-problems.decorator';
import { AppConfig } from '../../config/app-config';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { REQUIRES_ADMIN } from '../decorators/admin-only.decorator';
import { REQUIRES_CONFIRMED } from '../decorators/confirmed.decorator';
import { MFA_ENROLLMENT_REQUIRED_PROBLEM } from '../mfa/mfa.problems';
import type { AuthenticatedSession } from '../sessions/sessions.service';

/**
 * Global, after SessionAuthGuard: enforces @Confirmed() and @AdminOnly() from the account's current state
 * (docs/architecture.md › Account states and guards). The session lookup loaded the account on this request,
 * so a change counts at once.
 */
@Injectable()
export class AccountStateGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const requires = (key: string) =>
      this.reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]);
    const needsConfirmed = requires(REQUIRES_CONFIRMED);
    const needsAdmin = requires(REQUIRES_ADMIN);
    if (!needsConfirmed && !needsAdmin) return true;
    const { user } = context.switchToHttp().getRequest<{ user: AuthenticatedSession }>().user;
    if (needsConfirmed) this.assertConfirmed(user);
    if (needsAdmin) this.assertAdmin(user);
    return true;
  }

  /** With ADMIN_MFA_REQUIRED an admin account without a second factor may not act as one until it has. */
  private assertAdmin(user: User): void {
    if (user.role !== 'admin') throw problemException(ADMIN_ONLY_PROBLEM);
    if (this.config.adminMfaRequired && !user.mfaEnabled && user.passkeyCount === 0) {
      throw problemException(MFA_ENROLLMENT_REQUIRED_PROBLEM);
    }
  }

  private assertConfirmed(user: User): void {
    if (!user.emailConfirmedAt) throw problemException(EMAIL_NOT_CONFIRMED_PROBLEM);
    if (!this.users.isApproved(user)) throw problemException(PENDING_APPROVAL_PROBLEM);
  }
}
