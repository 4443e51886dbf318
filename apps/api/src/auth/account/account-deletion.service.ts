import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccountDeletedEvent } from '../../common/events/account-deleted.event';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../../mail/outbox.service';
import { User } from '../../users/user.entity';
import { SensitiveChangeCheck } from '../reauth/sensitive-change-check';
import type { AuthenticatedSession } from '../sessions/sessions.service';

/** Deleting one's own account for good. */
@Injectable()
export class AccountDeletionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly sensitiveChangeCheck: SensitiveChangeCheck,
    private readonly outbox: OutboxService,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Removes the account row; its sessions, refresh tokens, one-time tokens and images go with it (ON DELETE
   * CASCADE), so every access token fails at its next request. Mail still waiting for the account is cancelled
   * and a farewell notice queued, all in one transaction with what the features listening to
   * AccountDeletedEvent do in it; their deferred work (image files) runs once it committed.
   */
  async delete(session: AuthenticatedSession, currentPassword: string | undefined): Promise<void> {
    const { user } = session;
    await this.sensitiveChangeCheck.assert(session, currentPassword);
    const event = await this.dataSource.transaction((manager) => this.deleteIn(manager, user.id));
    await event?.runAfterCommitTasks();
  }

  /** Undefined when a parallel request deleted the account first: that one sends the notice and cleans up. */
  private async deleteIn(manager: EntityManager, userId: string): Promise<AccountDeletedEvent | undefined> {
    // The lock keeps a parallel deletion from raising the event twice and listeners from racing new rows.
    const locked = await manager
      .createQueryBuilder(User, 'user')
      .setLock('pessimistic_write')
      .select('user.id')
      .where('user.id = :userId', { userId })
      .getOne();
    if (!locked) return undefined;
    const event = new AccountDeletedEvent(manager, userId);
    await this.events.emitAsync(AccountDeletedEvent.NAME, event);
    // RETURNING gives the address as it is now, even if an email change was confirmed a moment ago.
    const deleted = await manager
      .createQueryBuilder()
      .delete()
      .from(User)
      .where('id = :userId', { userId })
      .returning(['email', 'nickname', 'locale'])
      .execute();
    const row = deleted.raw[0] as Pick<User, 'email' | 'nickname' | 'locale'>;
    await this.outbox.cancelForUser(manager, userId, ['account-deleted']);
    await this.outbox.enqueue(manager, {
      to: row.email,
      template: 'account-deleted',
      data: { nickname: row.nickname, signUpUrl: `${this.config.publicUrl}/signup` },
      // The account is gone by now, so the outbox could no longer look its language up.
      locale: row.locale,
    });
    return event;
  }
}
