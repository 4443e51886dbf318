import type { SecurityEvent } from '../common/logging/security-events';

export const SIGN_IN_METHODS = ['password', 'magic_link', 'passkey', 'mfa'] as const;
export const SIGN_IN_OUTCOMES = ['success', 'failure', 'locked', 'mfa_required'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

/**
 * The sign-in a security event reports, as the method used and how it ended; undefined for events that are
 * not a sign-in. `mfa` is the second step; `locked` a password refused because of a lockout; `mfa_required`
 * a first step that passed and now waits for the second.
 */
export function signInOutcomeOf(event: SecurityEvent): [SignInMethod, SignInOutcome] | undefined {
  switch (event.event) {
    case 'auth.login_succeeded':
      return ['password', 'success'];
    case 'auth.login_failed':
      return [
        'password',
        event.reason === 'account_locked' || event.reason === 'device_locked' ? 'locked' : 'failure',
      ];
    case 'auth.magic_link_succeeded':
      return ['magic_link', 'success'];
    case 'auth.magic_link_wrong_verifier':
      return ['magic_link', 'failure'];
    case 'auth.passkey_login_succeeded':
      return ['passkey', 'success'];
    case 'auth.passkey_login_failed':
      return ['passkey', 'failure'];
    case 'auth.mfa_required':
      return [event.after, 'mfa_required'];
    case 'auth.mfa_succeeded':
      return ['mfa', 'success'];
    case 'auth.mfa_failed':
      return ['mfa', 'failure'];
    default:
      return undefined;
  }
}
