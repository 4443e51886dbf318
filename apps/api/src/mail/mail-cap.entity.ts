import { Column, Entity, PrimaryColumn } from 'typeorm';

/** When an address last got a capped mail of one purpose (DESIGN §6: one per address per minute per purpose). */
@Entity('mail_caps')
export class MailCap {
  @PrimaryColumn({ type: 'varchar', length: 320 })
  address: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  purpose: string;

  @Column({ type: 'timestamptz' })
  lastSentAt: Date;
}
