/**
 * How a session's holder proved who they are, as the access token's `amr` claim (RFC 8176) names it:
 * `pwd` a password, `email` a mailed link or code, `otp` a one-time password app, `hwk`/`swk` a passkey
 * bound to one device or synced, `mfa` more than one factor (docs/architecture.md, Tokens and sessions).
 */
export const AUTH_METHODS = ['pwd', 'email', 'otp', 'hwk', 'swk', 'mfa'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];
