import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ActivityDetails } from '../common/events/security-activity.event';

/** One row of the security activity; indexes and references live in the CreateSecurityEvents migration. */
@Entity('security_events')
export class SecurityEventRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  /** The account it happened to; null once that account is deleted (or for the deletion's own row). */
  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  /** Stands for a deleted subject, the same in every row of that account (see activityPseudonym). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  subjectPseudonym: string | null;

  /** Who did it when that was not the subject (an admin); null when the subject acted. */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actorPseudonym: string | null;

  /** The clock at the insert, not the transaction's start: rows of one transaction keep their order. */
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: ActivityDetails;
}
