import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DocumentedProblem, problemException } from '../../common/problem/api-problems.decorator';
import { recordActivity } from '../../common/events/security-activity.event';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../../mail/outbox.service';
import { User } from '../../users/user.entity';
import { ChangeEmailDto } from '../dto/change-email.dto';
import { SensitiveChangeCheck } from '../reauth/sensitive-change-check';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { OneTimeToken } from '../tokens/one-time-token.entity';
import { OneTimeTokensService } from '../tokens/one-time-tokens.service';
import { spaLink } from '../tokens/spa-link';

const CHANGE_EMAIL_TTL_SECONDS = 24 * 3600;
/** Outlives the change link: besides stopping the change, the cancel link ends every session. */
export const CANCEL_EMAIL_CHANGE_TTL_SECONDS = 7 * 24 * 3600;

export const EMAIL_UNCHANGED_PROBLEM: DocumentedProblem = [
  400,
  'EMAIL_UNCHANGED',
  'That is already the address of your account.',
];
export const EMAIL_TAKEN_PROBLEM: DocumentedProblem = [
  409,
  'EMAIL_TAKEN',
  'That address now belongs to another account, so yours keeps its current address.',
];
export const emailTaken = () => problemException(EMAIL_TAKEN_PROBLEM);

/**
 * Moving an account to another address, in two steps: `request` mails a link to the new address (and a
 * notice to the current one); `apply`, called when AuthService.confirmEmail consumes that link, moves it.
 */
@Injectable()
export class EmailChangeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly sensitiveChangeCheck: SensitiveChangeCheck,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly outbox: OutboxService,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Answers the same whether or not the new address is taken, so the form cannot be used to find out who
   * has an account: a taken address gets a notice instead of a link. The current address hears of every
   * link (or notice) that went out, so a change made from a stolen session cannot go unnoticed.
   */
  async request(session: AuthenticatedSession, { newEmail, currentPassword }: ChangeEmailDto): Promise<void> {
    const { user } = session;
    if (newEmail === user.email) throw problemException(EMAIL_UNCHANGED_PROBLEM, 'newEmail');
    await this.sensitiveChangeCheck.assert(session, currentPassword);
    await this.dataSource.transaction(async (manager) => {
      const mailed = (await manager.existsBy(User, { email: newEmail }))
        ? await this.sendTakenNotice(manager, user, newEmail)
        : await this.sendLink(manager, user, newEmail);
      if (mailed) await this.sendNoticeToCurrentAddress(manager, user, newEmail);
      // The same row whether the address was taken or not: the activity must not tell that either.
      await recordActivity(this.events, manager, {
        type: 'account.email_change_requested',
        subjectId: user.id,
        sessionId: session.sessionId,
      });
    });
  }

  /**
   * Moves `user` to the address the consumed 'change-email' token names; the caller saves the user. A
   * parallel change or sign-up that took the address first makes the save fail on the unique index.
   */
  async apply(manager: EntityManager, user: User, token: OneTimeToken): Promise<void> {
    const { newEmail } = token.payload;
    if (typeof newEmail !== 'string') throw new Error(`change-email token ${token.id} names no address`);
    user.email = newEmail;
    // Links mailed to the old address (a confirmation, a reset) must not act on the account any more.
    await this.oneTimeTokens.revoke(manager, user.id);
  }

  /**
   * Mails the link unless this address got one in the last minute (mail caps: docs/architecture.md ›
   * Passwords, lockout and throttling). Then the earlier
   * link keeps working: issuing a new token without mailing it would only kill that one.
   */
  private async sendLink(manager: EntityManager, user: User, newEmail: string): Promise<boolean> {
    if (!(await this.outbox.claimCap(manager, newEmail, 'email-change-new'))) return false;
    const { token, expiresAt } = await this.oneTimeTokens.issue(
      manager,
      user.id,
      'change-email',
      CHANGE_EMAIL_TTL_SECONDS,
      { newEmail },
    );
    await this.outbox.enqueue(manager, {
      to: newEmail,
      template: 'email-change-new',
      data: {
        nickname: user.nickname,
        newEmail,
        confirmUrl: spaLink(this.config.publicUrl, 'confirm-email', token),
        expiresInHours: CHANGE_EMAIL_TTL_SECONDS / 3600,
      },
      userId: user.id,
      expiresAt,
    });
    return true;
  }

  /** A taken address gets no link; like a new request, this one still ends the user's earlier pending change. */
  private async sendTakenNotice(manager: EntityManager, user: User, newEmail: string): Promise<boolean> {
    await this.oneTimeTokens.revoke(manager, user.id, 'change-email');
    return this.outbox.enqueueCapped(manager, {
      to: newEmail,
      template: 'email-change-taken',
      data: { loginUrl: this.pageUrl('login'), resetUrl: this.pageUrl('forgot-password') },
    });
  }

  /** With a "this wasn't me" link (EmailChangeCancelService), which replaces the one of an earlier notice. */
  private async sendNoticeToCurrentAddress(
    manager: EntityManager,
    user: User,
    newEmail: string,
  ): Promise<void> {
    const cancel = await this.oneTimeTokens.issue(
      manager,
      user.id,
      'cancel-email-change',
      CANCEL_EMAIL_CHANGE_TTL_SECONDS,
    );
    await this.outbox.enqueue(manager, {
      to: user.email,
      template: 'email-change-old',
      data: {
        nickname: user.nickname,
        newEmail,
        cancelUrl: spaLink(this.config.publicUrl, 'cancel-email-change', cancel.token),
        resetUrl: this.pageUrl('forgot-password'),
      },
      userId: user.id,
    });
  }

  private pageUrl(page: string): string {
    return `${this.config.publicUrl}/${page}`;
  }
}
