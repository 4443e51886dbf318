import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MIN_SECRET_BYTES = 32;
const PLACEHOLDERS = /^(change[-_ ]?me|secret|password|test|dev|example|jwt[-_ ]?secret)/i;

/** Why a secret is too weak to sign tokens with, or undefined when it is fine. */
export function weakSecretReason(secret: string): string | undefined {
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES)
    return `must be at least ${MIN_SECRET_BYTES} bytes`;
  if (PLACEHOLDERS.test(secret)) return 'looks like a placeholder';
  if (new Set(secret).size < 10) return 'has too few distinct characters to be random';
  return undefined;
}

/** Development convenience: a random secret generated once and kept in DATA_DIR so tokens survive restarts. */
export function loadOrCreateDevSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
