import { Injectable } from '@nestjs/common';
import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { MailOutbox } from './mail-outbox.entity';
import { MailTemplateName, OutgoingMail } from './mail.types';
import { OutboxWorker } from './outbox.worker';

/**
 * The one way other modules send mail: `enqueue` inside the transaction that makes the change, so the mail
 * exists exactly when the change was committed. Delivery happens later, in OutboxWorker.
 */
@Injectable()
export class OutboxService implements EntitySubscriberInterface {
  /** Transactions that enqueued mail and have not committed yet; the worker is nudged when they do. */
  private readonly awaitingCommit = new WeakSet<QueryRunner>();

  constructor(
    dataSource: DataSource,
    private readonly worker: OutboxWorker,
  ) {
    // Registered by hand (as Nest's TypeORM recipe does) to hear about commits; entities are autoloaded, subscribers are not.
    dataSource.subscribers.push(this);
  }

  async enqueue(manager: EntityManager, mail: OutgoingMail): Promise<void> {
    await manager.insert(MailOutbox, {
      to: mail.to,
      template: mail.template,
      data: { ...mail.data },
      userId: mail.userId ?? null,
      expiresAt: mail.expiresAt ?? null,
    });
    const runner = manager.queryRunner;
    // Nudging before the commit would make the worker look too early and miss the row until the next poll.
    if (runner?.isTransactionActive) this.awaitingCommit.add(runner);
    else this.worker.nudge();
  }

  /**
   * Enqueues the mail unless the address got one of the same template in the last `windowSeconds`;
   * returns whether it was enqueued. Stops anyone from flooding a mailbox through our forms.
   */
  async enqueueCapped(manager: EntityManager, mail: OutgoingMail, windowSeconds = 60): Promise<boolean> {
    if (!(await this.claimCap(manager, mail.to, mail.template, windowSeconds))) return false;
    await this.enqueue(manager, mail);
    return true;
  }

  /**
   * The slot of enqueueCapped on its own, for callers that must know before they build the mail: a capped
   * request should not replace the link that the address got a moment ago with one that is never sent.
   * True when the address may get a mail of `template` now (and the slot is taken); then enqueue it.
   */
  async claimCap(
    manager: EntityManager,
    address: string,
    template: MailTemplateName,
    windowSeconds = 60,
  ): Promise<boolean> {
    // One statement claims the slot, so parallel requests cannot both pass; the ORM has no conditional upsert.
    const claimed: unknown[] = await manager.query(
      `INSERT INTO mail_caps (address, purpose, last_sent_at)
       VALUES ($1, $2, now())
       ON CONFLICT (address, purpose) DO UPDATE SET last_sent_at = now()
       WHERE mail_caps.last_sent_at <= now() - make_interval(secs => $3)
       RETURNING 1`,
      [address, template, windowSeconds],
    );
    return claimed.length > 0;
  }

  /** Cancels the user's mail that has not gone out yet, except the templates in `keep` (e.g. "account deleted"). */
  async cancelForUser(manager: EntityManager, userId: string, keep: MailTemplateName[] = []): Promise<void> {
    const update = manager
      .createQueryBuilder()
      .update(MailOutbox)
      .set({ status: 'cancelled', data: () => `'{}'::jsonb` })
      .where(`user_id = :userId AND status = 'pending'`, { userId });
    if (keep.length > 0) update.andWhere('template NOT IN (:...keep)', { keep });
    await update.execute();
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    // A released savepoint also reports a commit; only the outermost commit makes the mail visible.
    if (queryRunner.isTransactionActive || !this.awaitingCommit.delete(queryRunner)) return;
    this.worker.nudge();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) this.awaitingCommit.delete(queryRunner);
  }
}
