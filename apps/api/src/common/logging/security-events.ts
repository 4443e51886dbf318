import { Logger } from '@nestjs/common';

/** Why a sign-in failed, for the log only: the client gets one answer for all of them. */
export type LoginFailureReason =
  'unknown_account' | 'disabled' | 'wrong_password' | 'account_locked' | 'device_locked';

/** What an admin changed on an account: only the fields the request set. */
export interface AdminUserChanges {
  approved?: boolean;
  disabled?: boolean;
  role?: string;
  resetMfa?: boolean;
}

/**
 * Security events as structured log lines, one `event` name each (docs/architecture.md, Request lifecycle).
 * They name accounts by id, never by address, and carry no password, token, code or device token: a log is
 * read by more people than the database. The client's IP comes with every line of a request (the logger's
 * `ip` field), so events do not repeat it.
 */
export type SecurityEvent =
  | { event: 'auth.login_succeeded'; userId: string; sessionId: string; knownDevice: boolean }
  | { event: 'auth.login_failed'; userId?: string; reason: LoginFailureReason; knownDevice: boolean }
  | {
      event: 'auth.magic_link_succeeded';
      userId: string;
      sessionId: string;
      via: 'link' | 'code';
      /** The first proof of the address: it was confirmed, and an earlier password and sessions went. */
      confirmedNow: boolean;
    }
  | { event: 'auth.magic_link_wrong_verifier'; userId: string }
  | { event: 'auth.account_locked'; userId: string; failures: number; lockedUntil: string }
  | { event: 'auth.device_locked'; userId: string; deviceId: string; failures: number; lockedUntil: string }
  | {
      event: 'auth.current_password_failed';
      userId: string;
      sessionId: string;
      attempt: number;
      /** The body field of the wrong guess: a password, or `code` for a TOTP code. */
      field: string;
    }
  | { event: 'auth.session_ended_wrong_passwords'; userId: string; sessionId: string; attempts: number }
  | { event: 'auth.passkey_login_succeeded'; userId: string; sessionId: string }
  /** Any refused passkey sign-in: unknown credential, spent challenge, bad signature, counter gone back. */
  | { event: 'auth.passkey_login_failed' }
  /** A first step (password or mailed link) passed; the account's second step is asked for. */
  | { event: 'auth.mfa_required'; userId: string; after: 'password' | 'magic_link' }
  | { event: 'auth.passkey_counter_regression'; userId: string; passkeyId: string }
  | { event: 'account.passkey_added' | 'account.passkey_removed'; userId: string; passkeyId: string }
  | { event: 'admin.user_updated'; actorId: string; userId: string; changes: AdminUserChanges }
  | {
      event: 'account.mfa_enabled' | 'account.mfa_disabled' | 'account.recovery_codes_replaced';
      userId: string;
    }
  | {
      event: 'auth.mfa_succeeded';
      userId: string;
      sessionId: string;
      via: 'totp' | 'recovery_code';
      /** Recovery codes left after this sign-in (with `via: recovery_code`). */
      recoveryCodesLeft?: number;
    }
  | { event: 'auth.mfa_failed'; userId: string; via: 'totp' | 'recovery_code'; triesLeft: number }
  | {
      event: 'admin.image_updated';
      actorId: string;
      imageId: string;
      ownerId: string | null;
      fields: string[];
    }
  | { event: 'admin.image_deleted'; actorId: string; imageId: string; ownerId: string | null };

/** Events that may mean an attack: logged as warnings, so they stay visible at LOG_LEVEL=warn. */
const WARNINGS: ReadonlySet<SecurityEvent['event']> = new Set([
  'auth.login_failed',
  'auth.magic_link_wrong_verifier',
  'auth.account_locked',
  'auth.device_locked',
  'auth.current_password_failed',
  'auth.session_ended_wrong_passwords',
  'auth.passkey_counter_regression',
  'auth.passkey_login_failed',
  'auth.mfa_failed',
]);

const logger = new Logger('SecurityEvents');

export type SecurityEventObserver = (event: SecurityEvent) => void;
const observers = new Set<SecurityEventObserver>();

/**
 * Hears every security event as it is logged (metrics count sign-ins this way), so the code that raises
 * them knows of no one but the log. Returns the call that stops it.
 */
export function observeSecurityEvents(observer: SecurityEventObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function logSecurityEvent(event: SecurityEvent): void {
  if (WARNINGS.has(event.event)) logger.warn(event, event.event);
  else logger.log(event, event.event);
  for (const observer of observers) observer(event);
}
