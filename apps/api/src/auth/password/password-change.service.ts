import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { recordActivity } from '../../common/events/security-activity.event';
import { AppConfig } from '../../config/app-config';
import { formatUtc } from '../../mail/mail-time';
import { OutboxService } from '../../mail/outbox.service';
import { User } from '../../users/user.entity';
import { SensitiveChangeCheck } from '../reauth/sensitive-change-check';
import { AuthenticatedSession, SessionsService } from '../sessions/sessions.service';
import { OneTimeTokensService } from '../tokens/one-time-tokens.service';
import { ChangePasswordDto } from './password.dto';
import { PasswordHasher } from './password-hasher';
import { assertAcceptablePassword } from './password-policy';

/**
 * Setting a new password: by a signed-in person who knows the current one or authenticated recently (the
 * first password of an account without one), or at the end of a reset.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly outbox: OutboxService,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly sensitiveChangeCheck: SensitiveChangeCheck,
    private readonly events: EventEmitter2,
  ) {}

  /** PUT /users/me/password: the session making the change stays, every other one ends. */
  async change(
    session: AuthenticatedSession,
    { currentPassword, newPassword }: ChangePasswordDto,
  ): Promise<void> {
    const { user, sessionId } = session;
    this.assertAcceptable(newPassword, user);
    await this.sensitiveChangeCheck.assert(session, currentPassword);
    const passwordHash = await this.hasher.hash(newPassword);
    const type = user.passwordHash === null ? 'account.password_set' : 'account.password_changed';
    await this.dataSource.transaction((manager) =>
      this.replacePassword(manager, user, passwordHash, type, sessionId),
    );
  }

  /**
   * The password policy (docs/architecture.md › Passwords, lockout and throttling) for the `newPassword`
   * field, with the account's own address and nickname.
   */
  assertAcceptable(newPassword: string, user: User): void {
    assertAcceptablePassword(
      newPassword,
      { minLength: this.config.passwordMinLength, email: user.email, nickname: user.nickname },
      'newPassword',
    );
  }

  /**
   * Stores the new hash, ends the account's sessions (all but `keepSessionId`), revokes every pending
   * one-time token and tells the owner by mail, all in the caller's transaction: a stolen session dies
   * together with the password it was opened with, and so does an email change asked for with it. `type`
   * names the change in the security activity.
   */
  async replacePassword(
    manager: EntityManager,
    user: User,
    passwordHash: string,
    type: 'account.password_changed' | 'account.password_set' | 'account.password_reset',
    keepSessionId?: string,
  ): Promise<void> {
    await recordActivity(this.events, manager, { type, subjectId: user.id, sessionId: keepSessionId });
    // A new password makes earlier guesses at the old one moot, so a locked-out owner can sign in at once.
    await manager.update(User, { id: user.id }, { passwordHash, failedLoginCount: 0, lockedUntil: null });
    await this.sessions.revokeAllForUser(user.id, keepSessionId, manager);
    await this.oneTimeTokens.revoke(manager, user.id);
    await this.outbox.enqueue(manager, {
      to: user.email,
      template: 'password-changed',
      data: {
        nickname: user.nickname,
        changedAt: formatUtc(new Date()),
        resetUrl: `${this.config.publicUrl}/forgot-password`,
      },
      userId: user.id,
    });
  }
}
