import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * When an address got capped mails of one purpose: one a minute, MAIL_CAP_PER_HOUR an hour
 * (docs/architecture.md, Mail and the outbox). Written only by OutboxService.claimCap.
 */
@Entity('mail_caps')
export class MailCap {
  @PrimaryColumn({ type: 'varchar', length: 320 })
  address: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  purpose: string;

  @Column({ type: 'timestamptz' })
  lastSentAt: Date;

  /** The mails of the last hour (older times are dropped at the next claim). */
  @Column({ type: 'timestamptz', array: true, default: () => `'{}'` })
  recentSends: Date[];
}
