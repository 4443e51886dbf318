import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { toProblem } from '../../common/problem/to-problem';
import { User } from '../../users/user.entity';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { ReauthMethods } from './reauth-methods';
import { RecentAuth, RecentAuthCheck, RecentAuthGuard } from './recent-auth';

class Routes {
  @RecentAuth()
  sensitive(): void {}

  plain(): void {}
}

function contextFor(handler: keyof Routes, session: AuthenticatedSession): ExecutionContext {
  return {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ user: session }) }),
  } as unknown as ExecutionContext;
}

/** The problem body a client would get for the guard's refusal. */
async function refusalOf(context: ExecutionContext) {
  const error: unknown = await guard.canActivate(context).then(
    () => new Error('expected a refusal'),
    (refusal: unknown) => refusal,
  );
  return toProblem(error).body;
}

const guard = new RecentAuthGuard(new Reflector(), new RecentAuthCheck(new ReauthMethods()));

function sessionOf(
  recentlyAuthenticated: boolean,
  passwordHash: string | null,
  passkeyCount = 0,
): AuthenticatedSession {
  const user = Object.assign(new User(), { passwordHash, passkeyCount });
  return { sessionId: 's', user, recentlyAuthenticated };
}

describe('RecentAuthGuard', () => {
  it('lets a recently authenticated session through, and any session on routes that do not ask', async () => {
    await expect(guard.canActivate(contextFor('sensitive', sessionOf(true, 'hash')))).resolves.toBe(true);
    await expect(guard.canActivate(contextFor('plain', sessionOf(false, 'hash')))).resolves.toBe(true);
  });

  it('refuses an older session with 403 REAUTHENTICATION_REQUIRED naming the password for accounts with one', async () => {
    const problem = await refusalOf(contextFor('sensitive', sessionOf(false, 'hash')));

    expect(problem).toMatchObject({ status: 403, code: 'REAUTHENTICATION_REQUIRED', methods: ['password'] });
  });

  it('adds passkeys for an account that has one, and offers no mailed code then', async () => {
    const withPassword = await refusalOf(contextFor('sensitive', sessionOf(false, 'hash', 1)));
    const passwordless = await refusalOf(contextFor('sensitive', sessionOf(false, null, 2)));

    expect(withPassword).toMatchObject({ methods: ['password', 'passkey'] });
    expect(passwordless).toMatchObject({ methods: ['passkey'] });
  });

  it('offers a mailed code to an account with no password', async () => {
    const problem = await refusalOf(contextFor('sensitive', sessionOf(false, null)));

    expect(problem).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED', methods: ['email_code'] });
  });
});
