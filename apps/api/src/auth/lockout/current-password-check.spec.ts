import { Logger } from '@nestjs/common';
import { insertAccount, signedInAs, TEST_PASSWORD, useAccountServices } from '../../testing/account-services';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { SESSION_PASSWORD_ATTEMPTS } from './current-password-check';
import { LOCKOUT_THRESHOLD } from './login-lockout';

const WRONG = `${TEST_PASSWORD} not`;

describe('CurrentPasswordCheck', () => {
  const spec = useAccountServices();
  afterEach(() => jest.restoreAllMocks());

  const newSession = async () => signedInAs(spec.services, await insertAccount(spec.services, spec.userRows));
  const check = (session: AuthenticatedSession, password: string) =>
    spec.services.currentPasswordCheck.assert(session, password);
  const stored = ({ user }: AuthenticatedSession) => spec.userRows.findOneByOrFail({ id: user.id });
  const isLive = ({ sessionId }: AuthenticatedSession) => spec.services.sessions.findActive(sessionId);

  async function guessWrong(session: AuthenticatedSession, times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      await expect(check(session, WRONG)).rejects.toMatchObject({ code: 'INVALID_CURRENT_PASSWORD' });
    }
  }

  it('counts each wrong password toward the account lockout', async () => {
    const session = await newSession();

    await guessWrong(session, 3);

    expect((await stored(session)).failedLoginCount).toBe(3);
    expect(await isLive(session)).toBeDefined();
  });

  it('ends the session at the fifth wrong password in a row, and refuses everything after', async () => {
    const session = await newSession();
    await guessWrong(session, SESSION_PASSWORD_ATTEMPTS - 1);

    await expect(check(session, WRONG)).rejects.toMatchObject({ code: 'TOO_MANY_WRONG_PASSWORDS' });

    expect(await isLive(session)).toBeUndefined();
    await expect(check(session, TEST_PASSWORD)).rejects.toMatchObject({ code: 'TOO_MANY_WRONG_PASSWORDS' });
    expect((await stored(session)).failedLoginCount).toBe(SESSION_PASSWORD_ATTEMPTS);
  });

  it('clears both counts on the right password', async () => {
    const session = await newSession();
    await guessWrong(session, SESSION_PASSWORD_ATTEMPTS - 1);

    await check(session, TEST_PASSWORD);

    expect((await stored(session)).failedLoginCount).toBe(0);
    await guessWrong(session, SESSION_PASSWORD_ATTEMPTS - 1);
    expect(await isLive(session)).toBeDefined();
  });

  it('accepts the right password while the account is locked, without lifting the lock', async () => {
    const session = await newSession();
    await spec.userRows.update(session.user.id, {
      failedLoginCount: LOCKOUT_THRESHOLD,
      lockedUntil: new Date(Date.now() + 60_000),
    });
    const lockedUser = await stored(session);

    await check({ ...session, user: lockedUser }, TEST_PASSWORD);

    expect(await stored(session)).toMatchObject({ lockedUntil: lockedUser.lockedUntil });
  });

  it('compares at most five guesses of one session, however many arrive at once', async () => {
    const session = await newSession();
    const verify = jest.spyOn(spec.services.hasher, 'verify');

    const answers = await Promise.allSettled(
      Array.from({ length: SESSION_PASSWORD_ATTEMPTS * 2 }, () => check(session, WRONG)),
    );

    expect(verify).toHaveBeenCalledTimes(SESSION_PASSWORD_ATTEMPTS);
    expect(answers.every((answer) => answer.status === 'rejected')).toBe(true);
    expect((await stored(session)).failedLoginCount).toBe(SESSION_PASSWORD_ATTEMPTS);
    expect(await isLive(session)).toBeUndefined();
  });

  it('logs each wrong password and the end of the session, without the password', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const session = await newSession();
    const ids = { userId: session.user.id, sessionId: session.sessionId };

    await guessWrong(session, SESSION_PASSWORD_ATTEMPTS - 1);
    await check(session, WRONG).catch(() => undefined);

    const logged = warn.mock.calls.map(([event]) => event as Record<string, unknown>);
    expect(logged).toContainEqual({
      event: 'auth.current_password_failed',
      ...ids,
      attempt: 1,
      field: 'currentPassword',
    });
    expect(logged).toContainEqual({
      event: 'auth.current_password_failed',
      ...ids,
      attempt: 5,
      field: 'currentPassword',
    });
    expect(logged).toContainEqual({ event: 'auth.session_ended_wrong_passwords', ...ids, attempts: 5 });
    expect(JSON.stringify(logged)).not.toContain(WRONG);
  });
});
