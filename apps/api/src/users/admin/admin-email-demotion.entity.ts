import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An address an admin or the operator took the admin role from: ADMIN_EMAILS no longer promotes it. */
@Entity('admin_email_demotions')
export class AdminEmailDemotion {
  /** Canonical, as users.email. */
  @PrimaryColumn({ type: 'varchar', length: 320 })
  email: string;

  @CreateDateColumn({ type: 'timestamptz' })
  demotedAt: Date;
}
