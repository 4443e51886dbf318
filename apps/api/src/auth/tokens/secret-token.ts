import { createHash, randomBytes } from 'node:crypto';

/** A fresh opaque secret: 256 random bits, URL-safe. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * How secrets are stored. A plain SHA-256 is enough (and fast enough to look up by) because the secrets
 * are 256 random bits: there is nothing to guess, unlike passwords.
 */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
