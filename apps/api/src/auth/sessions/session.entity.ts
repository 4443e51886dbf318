import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../users/user.entity';
import type { AuthMethod } from './auth-methods';

/**
 * One signed-in device: the family of refresh tokens that rotate from one login. Access tokens name
 * the session (`sid`), so ending the session ends them at the next request.
 */
@Entity('sessions')
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'boolean', default: false })
  rememberMe: boolean;

  @Column({ type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastUsedAt: Date;

  /** Moves forward with every refresh, so a session lives while it is used, but never past `absoluteExpiresAt`. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** Sign-in plus SESSION_MAX_AGE: no refresh extends the session beyond it. */
  @Column({ type: 'timestamptz' })
  absoluteExpiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** How the holder proved who they are, at sign-in and at each re-authentication since: the tokens' `amr`. */
  @Column({ type: 'text', array: true })
  amr: AuthMethod[];

  /** The last sign-in or re-authentication; RecentAuth routes need it within RECENT_AUTH_WINDOW. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  authenticatedAt: Date;

  /** Wrong current passwords sent from this session in a row (CurrentPasswordCheck); five end it. */
  @Column({ type: 'integer', default: 0 })
  wrongPasswordCount: number;
}
