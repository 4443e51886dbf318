import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, Raw } from 'typeorm';
import { hashSecretToken, newSecretToken } from './secret-token';
import { OneTimeToken, TokenPurpose } from './one-time-token.entity';

/**
 * A guessable secret (a 6-digit code) or one bound to a proof the bearer must add (a PKCE verifier) dies
 * after this many wrong tries (docs/architecture.md › Tokens and sessions).
 */
export const MAX_FAILED_ATTEMPTS = 5;

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Emailed single-use secrets: issued inside the caller's transaction, consumed by one conditional update. */
@Injectable()
export class OneTimeTokensService {
  /** A new token for the purpose; any earlier unused one of the same purpose stops working. */
  async issue(
    manager: EntityManager,
    userId: string,
    purpose: TokenPurpose,
    ttlSeconds: number,
    payload: Record<string, unknown> = {},
  ): Promise<IssuedToken> {
    await this.revoke(manager, userId, purpose);
    const token = newSecretToken();
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await manager.save(
      manager.create(OneTimeToken, {
        userId,
        purpose,
        tokenHash: hashSecretToken(token),
        expiresAt,
        payload,
      }),
    );
    return { token, expiresAt };
  }

  /** Makes the user's unused tokens of `purpose` (of every purpose when left out) stop working. */
  async revoke(manager: EntityManager, userId: string, purpose?: TokenPurpose): Promise<void> {
    await manager.update(
      OneTimeToken,
      { userId, consumedAt: IsNull(), ...(purpose && { purpose }) },
      { consumedAt: () => 'now()' },
    );
  }

  /**
   * Marks the token used and returns it, or undefined when it is unknown, of none of the given purposes,
   * used or expired. The check and the marking are one UPDATE, so of two racing requests exactly one wins.
   */
  async consume(
    manager: EntityManager,
    token: string,
    purposes: TokenPurpose | readonly TokenPurpose[],
  ): Promise<OneTimeToken | undefined> {
    const result = await manager
      .createQueryBuilder()
      .update(OneTimeToken)
      .set({ consumedAt: () => 'now()' })
      .where(
        'token_hash = :hash AND purpose IN (:...purposes) AND consumed_at IS NULL AND expires_at > now()',
        { hash: hashSecretToken(token), purposes: listOf(purposes) },
      )
      .returning('id, user_id, purpose, payload')
      .execute();
    const row = result.raw[0] as
      { id: string; user_id: string; purpose: TokenPurpose; payload: Record<string, unknown> } | undefined;
    return (
      row &&
      manager.create(OneTimeToken, {
        id: row.id,
        userId: row.user_id,
        purpose: row.purpose,
        payload: row.payload,
      })
    );
  }

  /**
   * The live token, without using it up: for flows that must check more (such as the new password) before
   * they spend the token with `consumeFound`, so a refused request leaves the link working, and for showing
   * what a link would do before a person chooses to.
   */
  async find(
    manager: EntityManager,
    token: string,
    purposes: TokenPurpose | readonly TokenPurpose[],
  ): Promise<OneTimeToken | null> {
    return manager.findOneBy(OneTimeToken, {
      tokenHash: hashSecretToken(token),
      purpose: In(listOf(purposes)),
      consumedAt: IsNull(),
      expiresAt: LIVE,
    });
  }

  /** Marks a token from `find` used, if it still is live; of racing requests exactly one gets true. */
  async consumeFound(manager: EntityManager, found: OneTimeToken): Promise<boolean> {
    const result = await manager.update(
      OneTimeToken,
      { id: found.id, consumedAt: IsNull(), expiresAt: LIVE },
      { consumedAt: () => 'now()' },
    );
    return result.affected === 1;
  }

  /**
   * Counts one wrong try at a live secret: a wrong code, or a wrong verifier with a PKCE-bound link or code.
   * The MAX_FAILED_ATTEMPTS-th kills it. One statement, so parallel wrong tries are each counted. Run it
   * outside a transaction that the failure rolls back, or the count is lost with it. Returns the wrong tries
   * so far, or undefined when the secret was dead already.
   */
  async countFailure(manager: EntityManager, secret: OneTimeToken): Promise<number | undefined> {
    const result = await manager
      .createQueryBuilder()
      .update(OneTimeToken)
      .set({
        failedAttempts: () => 'failed_attempts + 1',
        consumedAt: () => `CASE WHEN failed_attempts + 1 >= ${MAX_FAILED_ATTEMPTS} THEN now() END`,
      })
      .where('id = :id AND consumed_at IS NULL', { id: secret.id })
      .returning('failed_attempts')
      .execute();
    const [row] = result.raw as { failed_attempts: number }[];
    return row && Number(row.failed_attempts);
  }
}

function listOf(purposes: TokenPurpose | readonly TokenPurpose[]): TokenPurpose[] {
  return ([] as TokenPurpose[]).concat(purposes);
}

/** Not expired by the database's clock, the one clock every API instance shares. */
export const LIVE = Raw((column) => `${column} > now()`);
