import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What a one-time token may be used for; a token never serves another purpose than its own.
 * 'change-email' carries `{ newEmail }` in its payload; 'cancel-email-change' is the "this wasn't me" link
 * mailed to the old address with it. 'reauth-email-code' is the code of POST /auth/reauthenticate/email.
 * 'magic-link' and 'magic-link-code' carry `{ codeChallenge }`: the
 * PKCE challenge of the client that asked. 'mfa-sign-in' is the `mfaToken` of a sign-in waiting for its
 * second step, carrying how the first step went (MfaChallenges).
 */
export type TokenPurpose =
  | 'confirm-email'
  | 'change-email'
  | 'cancel-email-change'
  | 'reset-password'
  | 'reset-password-code'
  | 'reauth-email-code'
  | 'magic-link'
  | 'magic-link-code'
  | 'mfa-sign-in';

/** A single-use emailed secret, stored only as its hash (docs/architecture.md › Tokens and sessions). */
@Entity('one_time_tokens')
export class OneTimeToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 32 })
  purpose: TokenPurpose;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  /** Purpose-specific values, such as the new address of an email change. */
  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  /** Wrong guesses so far; only short codes count them (OneTimeCodesService), long tokens cannot be guessed. */
  @Column({ type: 'integer', default: 0 })
  failedAttempts: number;
}
