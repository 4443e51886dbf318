// The statement that starts a session, shared by SessionsService.start and the statements that start one with
// a change of their own (a passkey sign-in).
import { ActivityDetails, signedInActivityCte } from '../../common/events/security-activity.event';
import { AuthMethod } from './auth-methods';
import { knownDeviceCtes, NEW_DEVICE_COLUMN } from './known-devices';
import type { SignInGrant } from './sessions.service';

/**
 * A new session, its first refresh token, the sign-in's activity row and the known devices in one statement:
 * atomic without a transaction, and one round trip on every sign-in (docs/architecture.md › Tokens and sessions).
 */
export const START_SESSION_STATEMENT = 'latchkey_start_session';
export const START_SESSION_SQL = `WITH gate AS (SELECT), ${sessionStartSql('gate', 1)} SELECT ${NEW_DEVICE_COLUMN}`;

/**
 * A planned session's inserts as CTEs (named `session`, `refresh`, the sign-in's activity row and the known
 * devices), run once for each row of the CTE `gate`, with the plan's values as parameters from `$first` on.
 * Another statement can thus start the session only when its own change succeeds, in the same round trip and
 * commit (a passkey sign-in spends its challenge and records the counter with it). The statement's result
 * selects NEW_DEVICE_COLUMN: whether to tell the owner about the device (KnownDevices.notify).
 */
export function sessionStartSql(gate: string, first: number): string {
  const [id, userId, rememberMe, amr, ip, userAgent, expiresAt, absoluteExpiresAt, tokenHash, details] =
    Array.from({ length: 10 }, (_, index) => `$${first + index}`);
  const [lookupKey, deviceKeys] = [`$${first + 10}`, `$${first + 11}`];
  return `session AS (
      INSERT INTO sessions (id, user_id, remember_me, amr, ip, user_agent, expires_at, absolute_expires_at)
      SELECT ${id}::uuid, ${userId}::uuid, ${rememberMe}::boolean, ${amr}::text[], ${ip}::varchar,
        ${userAgent}::varchar, ${expiresAt}::timestamptz, ${absoluteExpiresAt}::timestamptz
      FROM ${gate}
      RETURNING id
    ),
    refresh AS (INSERT INTO refresh_tokens (session_id, token_hash) SELECT id, ${tokenHash} FROM session),
    ${signedInActivityCte(userId, ip, userAgent, details)},
    ${knownDeviceCtes(userId, lookupKey, deviceKeys)}`;
}

/** A session to start: what the signed-in client gets, and the parameters of sessionStartSql. */
export interface PlannedSession {
  grant: Omit<SignInGrant, 'newDevice'>;
  values: unknown[];
}

/** How the sign-in went, for its activity row: the first step, and the second when there was one. */
export function signInDetails(amr: AuthMethod[]): ActivityDetails {
  const method = amr.includes('pwd') ? 'password' : amr.includes('email') ? 'magic_link' : 'passkey';
  if (method === 'passkey' || !amr.includes('mfa')) return { method };
  return { method, secondStep: amr.includes('otp') ? 'totp' : 'recovery_code' };
}
