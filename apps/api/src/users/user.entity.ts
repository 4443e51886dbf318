import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Locale } from '../common/locale/locale';

export type Role = 'user' | 'admin';

/** Unique indexes of the CreateAccounts migration, named so a duplicate key can be told apart. */
export const USERS_EMAIL_INDEX = 'users_email_key';
export const USERS_NICKNAME_INDEX = 'users_nickname_key';
export const ROLES: readonly Role[] = ['user', 'admin'];

/** An account. Indexes and checks (canonical email, case-insensitive nickname) live in the CreateAccounts migration. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Canonical form: trimmed and lower-cased, so one mailbox is one account. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 32 })
  nickname: string;

  /** Null for accounts that sign in without a password (passkeys, magic links). */
  @Column({ type: 'varchar', length: 72, nullable: true })
  passwordHash: string | null;

  /** Which avatar template the tile uses; "regenerate" moves it on. */
  @Column({ type: 'integer', default: 0 })
  avatarVariant: number;

  @Column({ type: 'varchar', length: 16, default: 'user' })
  role: Role;

  @Column({ type: 'timestamptz', nullable: true })
  emailConfirmedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Wrong passwords since the last successful login; every tenth locks the account (LoginLockout). */
  @Column({ type: 'integer', default: 0 })
  failedLoginCount: number;

  /** While in the future, login answers the generic failure even to the right password. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** Kept with the passkeys rows, in the same transactions (PasskeysRepository). */
  @Column({ type: 'integer', default: 0 })
  passkeyCount: number;

  /** TOTP confirmed: password and magic-link sign-ins ask for a second step. Kept with totp_credentials. */
  @Column({ type: 'boolean', default: false })
  mfaEnabled: boolean;

  /** Unused recovery codes, kept with the recovery_codes rows in the same transactions. */
  @Column({ type: 'integer', default: 0 })
  recoveryCodesLeft: number;

  /** The language of the account's mail and, once signed in, of the SPA; from Accept-Language at sign-up. */
  @Column({ type: 'varchar', length: 8, default: 'en' })
  locale: Locale;
}

/** The one spelling of an address that is stored and compared. */
export function canonicalEmail(email: string): string {
  return email.trim().toLowerCase();
}
