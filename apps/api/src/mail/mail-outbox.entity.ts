import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MailTemplateName } from './mail.types';

/**
 * pending → sending → sent, or back to pending (transient failure, retried later), or failed (permanent
 * failure, too many attempts), expired (its link died first) or cancelled (its account went away).
 */
export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'expired';

/**
 * One mail to send. Rows are written in the same transaction as the change that causes them and
 * delivered by OutboxWorker. The schema (indexes, checks) lives in the CreateMailOutbox migration.
 */
@Entity('mail_outbox')
export class MailOutbox {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 320 })
  to: string;

  @Column({ type: 'varchar', length: 64 })
  template: MailTemplateName;

  /**
   * Template values. They may hold one-time links, so they are emptied once the row can no longer be
   * sent: a database leak then exposes only mail still waiting to go out.
   */
  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  /** The language it renders in, chosen when it was queued (OutboxService.enqueue). */
  @Column({ type: 'varchar', length: 8, default: 'en' })
  locale: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: MailStatus;

  /** Attempts started so far; also a fencing token, so a worker whose lease lapsed cannot overwrite a newer claim. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  /** While `sending`: until when the claiming worker owns the row; afterwards another worker may reclaim it. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
