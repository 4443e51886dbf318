import type { AuthenticatorTransportFuture, CredentialDeviceType } from '@simplewebauthn/server';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The signature counter is a uint32, beyond PostgreSQL's integer; bigint values come back as text. */
const uint32 = { to: (value: number) => value, from: (value: string | number) => Number(value) };

/**
 * A WebAuthn credential registered to an account (docs/architecture.md › Passwordless sign-in). Indexes live
 * in the CreatePasskeys migration.
 */
@Entity('passkeys')
export class Passkey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  /** base64url, as the authenticator's responses name it. */
  @Column({ type: 'varchar', length: 1400 })
  credentialId: string;

  /** COSE-encoded public key. */
  @Column({ type: 'bytea' })
  publicKey: Buffer;

  /** The highest signature counter seen; 0 for authenticators that do not count (most synced passkeys). */
  @Column({ type: 'bigint', default: 0, transformer: uint32 })
  counter: number;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  transports: AuthenticatorTransportFuture[];

  @Column({ type: 'varchar', length: 16 })
  deviceType: CredentialDeviceType;

  @Column({ type: 'boolean' })
  backedUp: boolean;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}

/** Unique constraint on credential_id: a second registration of one authenticator is a duplicate key. */
export const PASSKEYS_CREDENTIAL_ID_KEY = 'passkeys_credential_id_key';
