import { hkdfSync } from 'node:crypto';

/** What a key derived from JWT_SECRET is for. Each purpose gets a key of its own, unrelated to the others. */
export type DerivedKeyPurpose = 'image urls' | 'one-time codes' | 'totp secrets' | 'audit pseudonyms';

/**
 * A 256-bit key for one purpose, derived from JWT_SECRET with HKDF-SHA256, so the secret itself signs
 * only access tokens and a key that leaks from one use says nothing about another (docs/architecture.md,
 * Configuration and operations).
 */
export function derivedKey(jwtSecret: string, purpose: DerivedKeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', jwtSecret, '', `latchkey ${purpose}`, 32));
}
