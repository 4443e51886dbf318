import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One refresh token of a session, stored as its hash; `rotatedAt` is set when it was exchanged for the next. */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;

  /**
   * The token it was exchanged for, encrypted (SuccessorSeal), so that a replay within the reuse grace gets
   * that same token back; cleared once the grace is over.
   */
  @Column({ type: 'text', nullable: true, select: false })
  sealedSuccessor: string | null;
}
