import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AppConfig } from '../../config/app-config';
import { derivedKey } from '../../config/derived-key';
import { OneTimeToken, TokenPurpose } from './one-time-token.entity';
import { LIVE, MAX_FAILED_ATTEMPTS, OneTimeTokensService } from './one-time-tokens.service';

/**
 * How long wrong guesses outlive their code. A new code of the same purpose issued within this time
 * starts with the failures of the one it replaces, so asking for a fresh code does not hand out fresh
 * guesses: whoever does not read the mailbox gets at most 5 guesses per hour of quiet, about 1 in
 * 200,000 per hour against a 6-digit code.
 */
export const CODE_FAILURE_MEMORY_SECONDS = 3600;

export interface IssuedCode {
  /** Six digits, or undefined when the code was born dead: the failures it inherited used up its tries. */
  code: string | undefined;
  expiresAt: Date;
}

/**
 * Short emailed codes (6 digits) for typing on another device. Unlike 256-bit tokens they can be guessed,
 * so each counts its wrong guesses and dies at MAX_FAILED_ATTEMPTS. Stored in one_time_tokens, one
 * live code per user and purpose, consumed through OneTimeTokensService.consumeFound.
 *
 * A code is stored as an HMAC under a key derived from JWT_SECRET, not as a plain hash: a million
 * candidates would find a plain hash's code in a moment, so a copy of the database alone must not be
 * enough (docs/architecture.md, One-time secrets and codes).
 */
@Injectable()
export class OneTimeCodesService {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: OneTimeTokensService,
    config: AppConfig,
  ) {
    this.key = derivedKey(config.jwtSecret, 'one-time codes');
  }

  /**
   * A new code for the purpose inside the caller's transaction; the earlier one stops working. `payload`
   * is kept with it, as with tokens (e.g. the PKCE challenge a magic-link code is bound to).
   */
  async issue(
    manager: EntityManager,
    userId: string,
    purpose: TokenPurpose,
    ttlSeconds: number,
    payload: Record<string, unknown> = {},
  ): Promise<IssuedCode> {
    const failedAttempts = await this.inheritedFailures(manager, userId, purpose);
    await this.tokens.revoke(manager, userId, purpose);
    const id = randomUUID();
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    const bornDead = failedAttempts >= MAX_FAILED_ATTEMPTS;
    await manager.insert(OneTimeToken, {
      id,
      userId,
      purpose,
      tokenHash: this.digest(id, code),
      // The ORM's insert type cannot follow a Record of unknowns; the jsonb column takes any JSON object.
      payload: payload as QueryDeepPartialEntity<OneTimeToken['payload']>,
      expiresAt,
      failedAttempts,
      consumedAt: bornDead ? new Date() : null,
    });
    return { code: bornDead ? undefined : code, expiresAt };
  }

  /**
   * The user's live code if `code` is it, without using it up (see OneTimeTokensService.find). A wrong
   * guess is counted, and the last allowed one kills the code. Runs in a transaction of its own that
   * locks the code row, so parallel guesses are counted one by one and the count holds even when the
   * caller's request fails afterwards.
   */
  async check(
    userId: string,
    purpose: TokenPurpose,
    code: string,
    onWrong?: (manager: EntityManager) => Promise<void>,
  ): Promise<OneTimeToken | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const live = await manager.findOne(OneTimeToken, {
        where: { userId, purpose, consumedAt: IsNull(), expiresAt: LIVE },
        order: { createdAt: 'DESC' },
        lock: { mode: 'pessimistic_write' },
      });
      if (!live) return undefined;
      if (sameDigest(live.tokenHash, this.digest(live.id, code))) return live;
      await this.tokens.countFailure(manager, live);
      await onWrong?.(manager);
      return undefined;
    });
  }

  /**
   * Kills the live code and forgets its failures: for when the person proved they read the mailbox
   * (e.g. reset the password), so their earlier typos do not shorten the next code's tries.
   */
  async retire(manager: EntityManager, userId: string, purpose: TokenPurpose): Promise<void> {
    await this.tokens.revoke(manager, userId, purpose);
    await manager.update(OneTimeToken, { userId, purpose }, { failedAttempts: 0 });
  }

  /** Failures of the latest code issued within CODE_FAILURE_MEMORY_SECONDS; locks it against parallel guesses. */
  private async inheritedFailures(
    manager: EntityManager,
    userId: string,
    purpose: TokenPurpose,
  ): Promise<number> {
    const previous = await manager.findOne(OneTimeToken, {
      where: {
        userId,
        purpose,
        createdAt: MoreThan(new Date(Date.now() - CODE_FAILURE_MEMORY_SECONDS * 1000)),
      },
      order: { createdAt: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
    return previous?.failedAttempts ?? 0;
  }

  /**
   * The row's id goes into the message: a 6-digit code alone would repeat across rows and break the
   * unique index on token_hash, and equal codes of different users would be stored alike.
   */
  private digest(rowId: string, code: string): string {
    return createHmac('sha256', this.key).update(`${rowId}:${code}`, 'utf8').digest('hex');
  }
}

function sameDigest(stored: string, computed: string): boolean {
  const [a, b] = [Buffer.from(stored, 'hex'), Buffer.from(computed, 'hex')];
  return a.length === b.length && timingSafeEqual(a, b);
}
