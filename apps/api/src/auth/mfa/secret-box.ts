import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { derivedKey } from '../../config/derived-key';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';
const IV_BYTES = 12;

/**
 * Seals the secrets the server must read back (TOTP secrets) with AES-256-GCM under a key derived by HKDF
 * from DATA_ENCRYPTION_KEY, or JWT_SECRET when that is not set: a copy of the database alone reveals no
 * secret. Each sealed value is bound to its owner (`context`, the user id, as associated data), so a sealed
 * secret copied onto another account's row does not open (docs/architecture.md › Two-step verification).
 */
@Injectable()
export class SecretBox {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = derivedKey(config.dataEncryptionKey ?? config.jwtSecret, 'totp secrets');
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url: the version leaves room for another algorithm or key later. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv).setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Throws when the value was not sealed by this key for this context (tampered, moved, or the key changed). */
  open(sealed: string, context: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || ciphertext === undefined) throw new Error('unknown sealed-secret format');
    const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'))
      .setAAD(Buffer.from(context, 'utf8'))
      .setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
