import { Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { problemFrom } from '../../testing/problem-from';
import { testConfig } from '../../testing/test-config';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { Confirmed } from '../decorators/confirmed.decorator';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { AccountStateGuard } from './account-state.guard';

class AccountRoutes {
  signedIn(): void {}

  @Confirmed()
  product(): void {}
}

@Confirmed()
class ProductRoutes {
  anything(): void {}
}

/** An account as SessionAuthGuard attaches it; unconfirmed, unapproved user unless told otherwise. */
function account(fields: Partial<User> = {}): User {
  return Object.assign(new User(), {
    id: '3f1c7f0e-8a53-4c55-9f55-5b2f7c0f4a11',
    role: 'user',
    emailConfirmedAt: null,
    approvedAt: null,
    ...fields,
  });
}

const confirmed = (fields: Partial<User> = {}) => account({ emailConfirmedAt: new Date(), ...fields });

/** The guard decides with the account's state under the given REQUIRE_APPROVAL, for a call of `handler`. */
function allows(
  requireApproval: boolean,
  routes: Type,
  handler: (...args: never[]) => unknown,
  user?: User,
): boolean {
  // The guard asks UsersService only about approval, which needs the configuration and no database.
  const users = new UsersService(null as never, testConfig({ REQUIRE_APPROVAL: String(requireApproval) }));
  const request: { user?: AuthenticatedSession } = user ? { user: { sessionId: 'session-1', user } } : {};
  const context = new ExecutionContextHost([request], routes, handler);
  return new AccountStateGuard(new Reflector(), users).canActivate(context);
}

describe('AccountStateGuard', () => {
  const { signedIn, product } = AccountRoutes.prototype;

  it('lets any request through a route without @Confirmed(), signed in or not', () => {
    expect(allows(true, AccountRoutes, signedIn, account())).toBe(true);
    expect(allows(true, AccountRoutes, signedIn)).toBe(true);
  });

  it('refuses an account whose address is unconfirmed with 403 EMAIL_NOT_CONFIRMED', async () => {
    const admin = account({ role: 'admin', approvedAt: new Date() });
    expect(await problemFrom(() => allows(false, AccountRoutes, product, admin))).toEqual({
      status: 403,
      code: 'EMAIL_NOT_CONFIRMED',
    });
  });

  it('refuses a confirmed account waiting for approval with 403 ACCOUNT_PENDING_APPROVAL', async () => {
    expect(await problemFrom(() => allows(true, AccountRoutes, product, confirmed()))).toEqual({
      status: 403,
      code: 'ACCOUNT_PENDING_APPROVAL',
    });
  });

  it.each([
    ['an unapproved user when approval is not required', false, confirmed()],
    ['an approved user', true, confirmed({ approvedAt: new Date() })],
    ['an admin not yet approved', true, confirmed({ role: 'admin' })],
  ])('lets a confirmed account through: %s', (_, requireApproval, user) => {
    expect(allows(requireApproval, AccountRoutes, product, user)).toBe(true);
  });

  it('applies @Confirmed() on a controller to all of its routes', async () => {
    expect(
      await problemFrom(() => allows(false, ProductRoutes, ProductRoutes.prototype.anything, account())),
    ).toEqual({ status: 403, code: 'EMAIL_NOT_CONFIRMED' });
    expect(allows(false, ProductRoutes, ProductRoutes.prototype.anything, confirmed())).toBe(true);
  });
});
