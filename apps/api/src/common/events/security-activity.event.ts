import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import { TransactionalEvent } from './transactional-event';

/**
 * Every kind of row in the security activity (DESIGN.md §12), dot-named by area. Clients must show types they
 * do not know gracefully: new ones are added here.
 */
export const ACTIVITY_TYPES = [
  'account.signed_up',
  'account.email_confirmed',
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'auth.refresh_reuse_detected',
  'session.revoked',
  'account.password_changed',
  'account.password_set',
  'account.password_reset',
  'account.email_change_requested',
  'account.email_changed',
  'account.passkey_added',
  'account.passkey_renamed',
  'account.passkey_removed',
  'account.passkey_counter_regression',
  'account.mfa_enabled',
  'account.mfa_disabled',
  'account.recovery_codes_replaced',
  'account.recovery_code_used',
  'account.deleted',
  'admin.user_approved',
  'admin.user_disabled',
  'admin.user_enabled',
  'admin.role_changed',
  'admin.mfa_reset',
  'admin.image_updated',
  'admin.image_deleted',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** Flat values only: the row is shown as is, and nothing nested can smuggle a secret past a review. */
export type ActivityDetails = Record<string, string | number | boolean | null>;

/**
 * One row of the security activity. `subjectId` is the account it happened to; `actorId` who did it when that
 * is someone else (an admin). IP, user agent and time come from the request and the database, not from here.
 * Details never carry a password, token, code, hash or address: the owner and every admin read them.
 */
export interface SecurityActivity {
  type: ActivityType;
  /** Null only for what concerns no account (an admin's change to a sample image nobody owns). */
  subjectId: string | null;
  actorId?: string;
  sessionId?: string;
  details?: ActivityDetails;
}

/**
 * A security event raised inside the transaction of the change that causes it: the activity module's listener
 * writes the row through `manager`, so there is no change without its row and no row without its change.
 */
export class SecurityActivityEvent extends TransactionalEvent {
  static readonly NAME = 'security.activity';

  constructor(
    manager: EntityManager,
    readonly activity: SecurityActivity,
  ) {
    super(manager);
  }
}

/** Raises the event and waits for its listener, so a failed write fails the caller's transaction. */
export async function recordActivity(
  events: EventEmitter2,
  manager: EntityManager,
  activity: SecurityActivity,
): Promise<void> {
  await events.emitAsync(SecurityActivityEvent.NAME, new SecurityActivityEvent(manager, activity));
}

/**
 * The activity row of a sign-in as a CTE of the statement that starts the session (auth/sessions): one more
 * insert in the same round trip and commit, run once per row of `session` (which returns `id`). The
 * parameters are SQL placeholders for the account, the client's IP and user agent, and the details as JSON.
 */
export function signedInActivityCte(userId: string, ip: string, userAgent: string, details: string): string {
  return `signed_in_activity AS (
      INSERT INTO security_events (type, subject_id, session_id, ip, user_agent, details)
      SELECT 'auth.signed_in', ${userId}::uuid, id, ${ip}::varchar, ${userAgent}::varchar, ${details}::jsonb
      FROM session
    )`;
}
