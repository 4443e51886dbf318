import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { recordActivity } from '../../common/events/security-activity.event';
import { logSecurityEvent } from '../../common/logging/security-events';
import { type DocumentedProblem, problemException } from '../../common/problem/api-problems.decorator';
import { PasswordHasher } from '../password/password-hasher';
import { Session } from '../sessions/session.entity';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { INVALID_CURRENT_PASSWORD_PROBLEM, TOO_MANY_WRONG_PASSWORDS_PROBLEM } from './lockout.problems';
import { LoginLockout } from './login-lockout';

/** Wrong current passwords in a row that end the session they were sent from. */
export const SESSION_PASSWORD_ATTEMPTS = 5;

/**
 * The `currentPassword` of changes a signed-in person confirms (new email, new password, deletion), and the
 * password of a re-authentication. Whoever
 * holds a stolen session must not get to guess the password there: every wrong one counts toward the
 * account's lockout as a failed sign-in does, and five in a row end the session. The right one clears both
 * counts like a successful sign-in, though it never lifts an account lock that is running: that lock only
 * refuses sign-ins from unknown devices, and this person is signed in already
 * (docs/architecture.md, Passwords, lockout and throttling).
 */
@Injectable()
export class CurrentPasswordCheck {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LoginLockout,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Returns when the password is right; else 400 INVALID_CURRENT_PASSWORD naming `field` (the body field the
   * password came in), or 401 once the session ended.
   */
  assert(session: AuthenticatedSession, password: string, field = 'currentPassword'): Promise<void> {
    const isRight = () => this.hasher.verify(password, session.user.passwordHash);
    return this.assertGuess(session, isRight, INVALID_CURRENT_PASSWORD_PROBLEM, field);
  }

  /**
   * The same limits for another secret a signed-in person types (a TOTP code at re-authentication): a wrong
   * one is `wrong` naming `field`, counts toward the lockout and the session's five.
   */
  async assertGuess(
    { user, sessionId }: AuthenticatedSession,
    isRight: () => Promise<boolean>,
    wrong: DocumentedProblem,
    field: string,
  ): Promise<void> {
    const attempt = await this.claimAttempt(sessionId);
    if (attempt === undefined) throw problemException(TOO_MANY_WRONG_PASSWORDS_PROBLEM);
    if (await isRight()) {
      await this.sessions.update({ id: sessionId }, { wrongPasswordCount: 0 });
      // Whatever the request's copy of the user says: a parallel guess may have counted since it was read.
      await this.lockout.clearUnlessLocked(user.id);
      return;
    }
    await this.lockout.recordFailure(user.id);
    logSecurityEvent({ event: 'auth.current_password_failed', userId: user.id, sessionId, attempt, field });
    if (attempt < SESSION_PASSWORD_ATTEMPTS) throw problemException(wrong, field);
    await this.sessions.manager.transaction(async (manager) => {
      await manager.update(Session, { id: sessionId }, { revokedAt: () => 'now()' });
      await recordActivity(this.events, manager, {
        type: 'session.revoked',
        subjectId: user.id,
        sessionId,
        details: { scope: 'one', reason: 'wrong_passwords' },
      });
    });
    logSecurityEvent({
      event: 'auth.session_ended_wrong_passwords',
      userId: user.id,
      sessionId,
      attempts: attempt,
    });
    throw problemException(TOO_MANY_WRONG_PASSWORDS_PROBLEM);
  }

  /**
   * Takes one of the session's attempts before bcrypt runs, in one conditional statement: parallel guesses
   * from one session cannot get past the limit while the comparisons are still running. Undefined when
   * none is left (or the session ended meanwhile).
   */
  private async claimAttempt(sessionId: string): Promise<number | undefined> {
    const result = await this.sessions
      .createQueryBuilder()
      .update(Session)
      .set({ wrongPasswordCount: () => 'wrong_password_count + 1' })
      .where('id = :sessionId AND revoked_at IS NULL AND wrong_password_count < :limit', {
        sessionId,
        limit: SESSION_PASSWORD_ATTEMPTS,
      })
      .returning('wrong_password_count')
      .execute();
    const [row] = result.raw as { wrong_password_count: number }[];
    return row ? Number(row.wrong_password_count) : undefined;
  }
}
