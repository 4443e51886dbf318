import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts the refresh token that an exchanged one was traded for, so a replay within the reuse grace can get
 * that same token back (docs/architecture.md, Tokens and sessions) while the database holds no usable token:
 * AES-256-GCM under a key derived from JWT_SECRET by HKDF (never the secret itself, as image URLs do), bound
 * to the exchanged token's row, so a sealed value copied onto another row does not open.
 */
export class SuccessorSeal {
  private readonly key: Buffer;

  constructor(jwtSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', jwtSecret, '', 'latchkey refresh successor', 32));
  }

  seal(successor: string, exchangedTokenId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(exchangedTokenId));
    const ciphertext = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  }

  /** The sealed token; undefined when the value was not sealed for this row under this key, or was altered. */
  open(sealed: string, exchangedTokenId: string): string | undefined {
    const bytes = Buffer.from(sealed, 'base64url');
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, bytes.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(exchangedTokenId));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plaintext = Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
      return plaintext.toString('utf8');
    } catch {
      return undefined;
    }
  }
}
