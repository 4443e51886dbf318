import { Injectable, OnModuleInit } from '@nestjs/common';
import { compare, hash } from 'bcrypt';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { PASSWORD_MAX_BYTES } from './password-policy';

/**
 * bcrypt on the libuv pool (the native module's async API), so hashing never blocks the event loop.
 * Checks against a missing hash spend the same time on a dummy one: timing does not tell which accounts exist.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash?: Promise<string>;

  constructor(private readonly config: AppConfig) {}

  /**
   * Starts the dummy hash without waiting for it: at cost 12 it takes about 0.2 s of the pool, which start-up
   * need not spend before it listens. The first check for a missing account waits for it.
   */
  onModuleInit(): void {
    void this.dummy();
  }

  hash(password: string): Promise<string> {
    return hash(password, this.config.bcryptCost);
  }

  /** True only when `passwordHash` exists and matches; always spends one bcrypt comparison. */
  async verify(password: string, passwordHash: string | null): Promise<boolean> {
    // bcrypt ignores bytes past 72; no stored password is longer, so a longer one can never be right.
    const comparable = Buffer.byteLength(password, 'utf8') <= PASSWORD_MAX_BYTES;
    const matches = await compare(password, passwordHash ?? (await this.dummy()));
    return matches && comparable && passwordHash !== null;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hash(randomBytes(24).toString('base64'));
    return this.dummyHash;
  }
}
