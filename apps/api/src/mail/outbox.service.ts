import { Injectable } from '@nestjs/common';
import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { DEFAULT_LOCALE } from '../common/locale/locale';
import { AppConfig } from '../config/app-config';
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
    private readonly config: AppConfig,
  ) {
    // Registered by hand (as Nest's TypeORM recipe does) to hear about commits; entities are autoloaded, subscribers are not.
    dataSource.subscribers.push(this);
  }

  /**
   * The language is settled here, in the same statement: the account at the address (the reader), else the
   * `userId` account (an email change's new address has no account yet), else `mail.locale` (the request's
   * Accept-Language), else English. Both lookups are unique-index reads.
   */
  async enqueue(manager: EntityManager, mail: OutgoingMail): Promise<void> {
    await manager.query(
      `INSERT INTO mail_outbox ("to", template, data, user_id, expires_at, locale)
       VALUES ($1::varchar, $2::varchar, $3::jsonb, $4::uuid, $5::timestamptz, coalesce(
         (SELECT locale FROM users WHERE email = $1::varchar),
         (SELECT locale FROM users WHERE id = $4::uuid),
         $6::varchar, $7::varchar))`,
      [
        mail.to,
        mail.template,
        JSON.stringify(mail.data),
        mail.userId ?? null,
        mail.expiresAt ?? null,
        mail.locale ?? null,
        DEFAULT_LOCALE,
      ],
    );
    const runner = manager.queryRunner;
    // Nudging before the commit would make the worker look too early and miss the row until the next poll.
    if (runner?.isTransactionActive) this.awaitingCommit.add(runner);
    else this.worker.nudge();
  }

  /**
   * Enqueues the mail unless the address's cap for its template is used up (see claimCap); returns whether
   * it was enqueued. Stops anyone from flooding a mailbox through our forms.
   */
  async enqueueCapped(manager: EntityManager, mail: OutgoingMail, windowSeconds = 60): Promise<boolean> {
    if (!(await this.claimCap(manager, mail.to, mail.template, windowSeconds))) return false;
    await this.enqueue(manager, mail);
    return true;
  }

  /**
   * Takes the address's slot for `template` unless it was taken in the last `windowSeconds`, or taken
   * MAIL_CAP_PER_HOUR times in the last hour (docs/architecture.md, Mail and the outbox). For callers
   * that must know before they build the mail, e.g. so a one-time link is only issued when it will be sent.
   * A refusal writes nothing, so the caller can answer exactly as it would have otherwise.
   */
  async claimCap(
    manager: EntityManager,
    address: string,
    template: MailTemplateName,
    windowSeconds = 60,
  ): Promise<boolean> {
    // One statement claims the slot, so parallel requests cannot both pass; the ORM has no conditional upsert.
    // recent_sends keeps the times of the mails of the last hour: the hourly cap slides with the clock.
    const claimed: unknown[] = await manager.query(
      `WITH hour AS (SELECT now() - interval '1 hour' AS began)
       INSERT INTO mail_caps AS cap (address, purpose, last_sent_at, recent_sends)
       VALUES ($1, $2, now(), ARRAY[now()])
       ON CONFLICT (address, purpose) DO UPDATE
       SET last_sent_at = now(),
           recent_sends = array_append(
             ARRAY(SELECT sent FROM unnest(cap.recent_sends) AS sent, hour WHERE sent > hour.began), now())
       WHERE cap.last_sent_at <= now() - make_interval(secs => $3)
         AND (SELECT count(*) FROM unnest(cap.recent_sends) AS sent, hour WHERE sent > hour.began) < $4
       RETURNING 1`,
      [address, template, windowSeconds, this.config.mailCapPerHour],
    );
    return claimed.length > 0;
  }

  /**
   * Cancels the user's mail that has not gone out yet, except the templates in `keep` (e.g. "account deleted").
   * Rows a worker is sending right now are cancelled too, so a failed attempt is not retried; the worker's
   * fenced settle leaves them cancelled (a message already handed to the SMTP server may still arrive).
   */
  async cancelForUser(manager: EntityManager, userId: string, keep: MailTemplateName[] = []): Promise<void> {
    const update = manager
      .createQueryBuilder()
      .update(MailOutbox)
      .set({ status: 'cancelled', data: () => `'{}'::jsonb`, lockedUntil: null })
      .where(`user_id = :userId AND status IN ('pending', 'sending')`, { userId });
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
