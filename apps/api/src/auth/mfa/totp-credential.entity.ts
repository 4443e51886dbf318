import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An account's authenticator-app secret: pending until a first code confirms it, then what sign-in and
 * re-authentication check codes against (docs/architecture.md › Two-step verification). One per account; a
 * new enrolment replaces a pending one.
 */
@Entity('totp_credentials')
export class TotpCredential {
  @PrimaryColumn('uuid')
  userId: string;

  /** The base32 secret, sealed with AES-256-GCM (SecretBox); never returned after enrolment starts. */
  @Column({ type: 'text' })
  secretCiphertext: string;

  /** Null while pending: the secret signs nobody in until a code from it was confirmed. */
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** The 30-second step of the last accepted code; only later steps pass, so no code works twice. */
  @Column({ type: 'integer', nullable: true })
  lastUsedStep: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
