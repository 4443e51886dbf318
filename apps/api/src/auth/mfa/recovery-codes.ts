import { randomInt } from 'node:crypto';
import { hashSecretToken } from '../tokens/secret-token';

/** How many recovery codes an account gets at a time (docs/architecture.md › Two-step verification). */
export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32 in lower case: no i, l, o or u to misread when copied from paper. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/**
 * A new code such as `7kq2-m9xd-3fpa-tz0c`: 16 characters of 32, 80 random bits. That many make a plain
 * SHA-256 enough to store it by, as for other random secrets (secret-token.ts): even a copy of the
 * database cannot be searched for 2^80 candidates, so a slow password hash would buy nothing.
 */
export function newRecoveryCode(): string {
  return Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  ).join('-');
}

/** How a typed code is looked up: case, spaces and dashes do not matter. */
export function hashRecoveryCode(typed: string): string {
  return hashSecretToken(typed.toLowerCase().replace(/[\s-]/g, ''));
}
