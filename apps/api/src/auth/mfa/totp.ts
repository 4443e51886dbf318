import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
const TOTP_PARAMETERS = { algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS } as const;
/** Steps on either side of now that still count, for clocks a little apart and a slow typist. */
const ACCEPTED_STEPS_APART = 1;
/** 160 bits, the HMAC-SHA-1 block the RFC recommends. */
const SECRET_BYTES = 20;

/** A fresh secret in base32, the form apps and otpauth URIs take. */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The `otpauth://totp/…` URI a QR code carries: issuer the product, label the account's address. */
export function totpUri(secret: string, issuer: string, label: string): string {
  return totpOf(secret, issuer, label).toString();
}

/**
 * The time step `code` belongs to when it is the secret's code within ±1 step of `now` (ms), else undefined
 * (always, without a secret).
 * Callers store the step so that it, and every earlier one, is refused from then on.
 */
export function matchingStep(secret: string | undefined, code: string, now = Date.now()): number | undefined {
  if (secret === undefined) return undefined;
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: ACCEPTED_STEPS_APART });
  return delta === null ? undefined : stepAt(now) + delta;
}

export function stepAt(now: number): number {
  return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
}

function totpOf(secret: string, issuer?: string, label?: string): TOTP {
  return new TOTP({ ...TOTP_PARAMETERS, issuer, label, secret: Secret.fromBase32(secret) });
}
