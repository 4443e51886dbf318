import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Brackets, DataSource, EntityManager, UpdateQueryBuilder } from 'typeorm';
import { MailSendFailedEvent } from '../common/events/mail-send-failed.event';
import { MailOutbox, MailStatus } from './mail-outbox.entity';
import { MailSender } from './mail-sender';
import { classifySendFailure, describeSendFailure } from './send-failure';
import { OUTBOX_SETTINGS, OutboxSettings } from './outbox.settings';

/** A row this worker owns until its lease lapses; `attempts` is the value written by the claim. */
type ClaimedMail = Pick<MailOutbox, 'id' | 'to' | 'template' | 'data' | 'locale' | 'attempts'>;

/** Claimed rows that must not be sent, checked in this order inside the claim transaction. */
const RETIREMENTS: readonly { status: MailStatus; condition: string; reason: string }[] = [
  {
    status: 'expired',
    condition: 'expires_at <= now()',
    reason: 'its links expired before it could be sent',
  },
  { status: 'failed', condition: 'attempts >= :maxAttempts', reason: 'gave up after too many attempts' },
];

/** Terminal rows keep no template values: those may hold one-time links. */
const EMPTY_DATA = () => `'{}'::jsonb`;

/** Database time plus the milliseconds in query parameter `name`: one clock for every instance. */
const nowPlusMs = (name: string) => () => `now() + CAST(:${name} AS integer) * interval '1 millisecond'`;

/**
 * Delivers the outbox, one worker per API instance. Claims are short transactions with
 * `FOR UPDATE SKIP LOCKED`, so instances sharing a database never claim the same row; sending happens
 * outside any transaction. The worker polls, and a nudge after a commit makes new mail go out at once.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxWorker.name);
  private running = false;
  private loop?: Promise<void>;
  private nudged = false;
  private wake?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: MailSender,
    @Inject(OUTBOX_SETTINGS) private readonly settings: OutboxSettings,
    private readonly events: EventEmitter2,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  /** Runs before the mail transport and the database close, so the in-flight batch can finish. */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the batch in flight, claims nothing more. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Mail was just committed: look now instead of at the next poll. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** Claims one batch and sends it; answers how many rows were claimed. */
  async processBatch(): Promise<number> {
    const { claimed, toSend } = await this.claimBatch();
    for (const mail of toSend) await this.deliver(mail);
    return claimed;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.nudged = false;
      const claimed = await this.processBatch().catch((error: unknown) => {
        // Typically the database is unreachable; mail stays in the outbox and the next poll tries again.
        this.logger.error(`outbox claim failed: ${describeSendFailure(error)}`);
        return 0;
      });
      const maybeMoreWaiting = claimed === this.settings.batchSize;
      if (this.running && !maybeMoreWaiting && !this.nudged) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), this.settings.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private claimBatch(): Promise<{ claimed: number; toSend: ClaimedMail[] }> {
    return this.dataSource.transaction(async (manager) => {
      const due = await this.lockDueRows(manager);
      const retired = await this.retireUnsendable(manager, due);
      const toSend = due.filter((row) => !retired.has(row.id));
      await this.markSending(manager, toSend);
      return { claimed: due.length, toSend: toSend.map((row) => ({ ...row, attempts: row.attempts + 1 })) };
    });
  }

  /** Due rows: pending ones whose time has come, and ones whose sender's lease lapsed (it crashed mid-send). */
  private lockDueRows(manager: EntityManager): Promise<MailOutbox[]> {
    return manager
      .createQueryBuilder(MailOutbox, 'mail')
      .select(['mail.id', 'mail.to', 'mail.template', 'mail.data', 'mail.locale', 'mail.attempts'])
      .where(
        new Brackets((due) =>
          due
            .where(`mail.status = 'pending' AND mail.nextAttemptAt <= now()`)
            .orWhere(`mail.status = 'sending' AND mail.lockedUntil <= now()`),
        ),
      )
      .orderBy('mail.nextAttemptAt')
      .limit(this.settings.batchSize)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** Expires claimed rows whose link died and fails those out of attempts; answers their ids. */
  private async retireUnsendable(manager: EntityManager, rows: MailOutbox[]): Promise<Set<string>> {
    const retired = new Set<string>();
    if (rows.length === 0) return retired;
    for (const retirement of RETIREMENTS) {
      const result = await manager
        .createQueryBuilder()
        .update(MailOutbox)
        .set({
          status: retirement.status,
          lockedUntil: null,
          data: EMPTY_DATA,
          lastError: () => `coalesce(last_error || ' / ', '') || :reason`,
        })
        .where(`id IN (:...ids) AND status IN ('pending', 'sending')`, { ids: rows.map((row) => row.id) })
        .andWhere(retirement.condition, { reason: retirement.reason, maxAttempts: this.settings.maxAttempts })
        .returning(['id'])
        .execute();
      for (const { id } of result.raw as { id: string }[]) retired.add(id);
    }
    return retired;
  }

  private async markSending(manager: EntityManager, rows: MailOutbox[]): Promise<void> {
    if (rows.length === 0) return;
    await manager
      .createQueryBuilder()
      .update(MailOutbox)
      .set({
        status: 'sending',
        attempts: () => 'attempts + 1',
        lockedUntil: nowPlusMs('leaseMs'),
      })
      .where('id IN (:...ids)', { ids: rows.map((row) => row.id), leaseMs: this.settings.leaseMs })
      .execute();
  }

  private async deliver(mail: ClaimedMail): Promise<void> {
    let messageId: string;
    try {
      messageId = await this.sender.send(mail);
    } catch (error) {
      await this.recordFailure(mail, error);
      return;
    }
    // Recorded outside the try: a failure to record must not count as a failed send (that would send twice).
    await this.settle(mail, {
      status: 'sent',
      sentAt: () => 'now()',
      messageId,
      lastError: null,
      data: EMPTY_DATA,
    }).catch((error: unknown) =>
      this.logger.error(
        `mail ${mail.id} was sent but could not be marked sent: ${describeSendFailure(error)}`,
      ),
    );
  }

  private async recordFailure(mail: ClaimedMail, error: unknown): Promise<void> {
    const lastError = describeSendFailure(error);
    const kind = classifySendFailure(error);
    const retry = kind === 'transient' && mail.attempts < this.settings.maxAttempts;
    const outlook = retry ? 'will retry' : kind === 'permanent' ? 'refused for good' : 'giving up';
    this.logger.warn(
      `mail ${mail.id} (${mail.template}) attempt ${mail.attempts} failed, ${outlook}: ${lastError}`,
    );
    this.events.emit(MailSendFailedEvent.NAME, new MailSendFailedEvent(retry ? 'retry' : 'gave_up'));
    const outcome = retry
      ? this.settle(
          mail,
          { status: 'pending', lastError, nextAttemptAt: nowPlusMs('delayMs') },
          { delayMs: this.retryDelayMs(mail.attempts) },
        )
      : this.settle(mail, { status: 'failed', lastError, data: EMPTY_DATA });
    await outcome.catch((recordError: unknown) =>
      // The row stays `sending` and is retried once its lease lapses.
      this.logger.error(
        `could not record the failure of mail ${mail.id}: ${describeSendFailure(recordError)}`,
      ),
    );
  }

  private retryDelayMs(attempts: number): number {
    return Math.min(this.settings.retryBaseMs * 2 ** (attempts - 1), this.settings.maxRetryDelayMs);
  }

  /**
   * Ends this worker's claim. Fenced by status and attempt number: if the lease lapsed and another worker
   * reclaimed the row, this worker's late outcome must not overwrite that newer claim.
   */
  private async settle(
    mail: ClaimedMail,
    changes: Parameters<UpdateQueryBuilder<MailOutbox>['set']>[0],
    parameters = {},
  ): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(MailOutbox)
      .set({ ...changes, lockedUntil: null })
      .where(`id = :id AND status = 'sending' AND attempts = :attempts`, {
        id: mail.id,
        attempts: mail.attempts,
        ...parameters,
      })
      .execute();
  }
}
