import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../../common/problem/problem';
import { testConfig } from '../../testing/test-config';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { AdminOnly } from '../decorators/admin-only.decorator';
import { Confirmed } from '../decorators/confirmed.decorator';
import { AccountStateGuard } from './account-state.guard';

class Routes {
  open() {}

  @Confirmed()
  product() {}

  @AdminOnly()
  administration() {}

  @Confirmed()
  @AdminOnly()
  both() {}
}

@AdminOnly()
class AdminController {
  anything() {}
}

type Handler = keyof Routes;

function account(fields: Partial<User>): User {
  return Object.assign(new User(), {
    role: 'user',
    emailConfirmedAt: new Date(),
    approvedAt: null,
    disabledAt: null,
    ...fields,
  });
}

function contextFor(controller: object, handler: () => void, user: User): ExecutionContext {
  const request = { user: { sessionId: 'session', user } };
  return {
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

describe('AccountStateGuard', () => {
  const guardFor = (requireApproval: boolean, adminMfaRequired = false) => {
    const config = testConfig({
      REQUIRE_APPROVAL: String(requireApproval),
      ADMIN_MFA_REQUIRED: String(adminMfaRequired),
    });
    return new AccountStateGuard(new Reflector(), new UsersService(undefined as never, config), config);
  };
  const refusal = (requireApproval: boolean, handler: Handler, user: User) => {
    try {
      guardFor(requireApproval).canActivate(contextFor(Routes, Routes.prototype[handler], user));
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      const problem = error as ProblemException;
      return `${problem.getStatus()} ${problem.code}`;
    }
  };

  it('lets any signed-in account through routes without a requirement', () => {
    expect(refusal(true, 'open', account({ emailConfirmedAt: null }))).toBeUndefined();
  });

  it('refuses non-admins on @AdminOnly() routes with 403 FORBIDDEN, whatever else they are', () => {
    expect(refusal(false, 'administration', account({ approvedAt: new Date() }))).toBe('403 FORBIDDEN');
    expect(refusal(false, 'administration', account({ emailConfirmedAt: null }))).toBe('403 FORBIDDEN');
    expect(refusal(false, 'administration', account({ role: 'admin' }))).toBeUndefined();
  });

  it('with ADMIN_MFA_REQUIRED, refuses admins without TOTP or a passkey with 403 MFA_ENROLLMENT_REQUIRED', () => {
    const check = (fields: Partial<User>) => {
      const user = account({ role: 'admin', mfaEnabled: false, passkeyCount: 0, ...fields });
      try {
        guardFor(false, true).canActivate(contextFor(Routes, Routes.prototype.administration, user));
        return undefined;
      } catch (error) {
        return (error as ProblemException).code;
      }
    };
    expect(check({})).toBe('MFA_ENROLLMENT_REQUIRED');
    expect(check({ mfaEnabled: true })).toBeUndefined();
    expect(check({ passkeyCount: 1 })).toBeUndefined();
    expect(check({ role: 'user', mfaEnabled: true })).toBe('FORBIDDEN');
  });

  it('applies @AdminOnly() on a controller to all its routes', () => {
    const guard = guardFor(false);
    const handler = AdminController.prototype.anything;
    expect(() => guard.canActivate(contextFor(AdminController, handler, account({})))).toThrow(
      ProblemException,
    );
    expect(guard.canActivate(contextFor(AdminController, handler, account({ role: 'admin' })))).toBe(true);
  });

  it('asks for confirmation first on routes that need both', () => {
    expect(refusal(false, 'both', account({ emailConfirmedAt: null }))).toBe('403 EMAIL_NOT_CONFIRMED');
    expect(refusal(false, 'both', account({}))).toBe('403 FORBIDDEN');
    expect(refusal(false, 'both', account({ role: 'admin' }))).toBeUndefined();
  });

  it('holds unapproved accounts back from @Confirmed() routes only while approval is required', () => {
    const unapproved = account({});
    expect(refusal(true, 'product', unapproved)).toBe('403 ACCOUNT_PENDING_APPROVAL');
    expect(refusal(false, 'product', unapproved)).toBeUndefined();
    expect(refusal(true, 'product', account({ approvedAt: new Date() }))).toBeUndefined();
    expect(refusal(true, 'product', account({ role: 'admin' }))).toBeUndefined();
    expect(refusal(true, 'product', account({ emailConfirmedAt: null }))).toBe('403 EMAIL_NOT_CONFIRMED');
  });
});
