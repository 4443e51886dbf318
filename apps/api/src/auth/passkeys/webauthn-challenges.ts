import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { EntityManager, Repository } from 'typeorm';
import { hashSecretToken } from '../tokens/secret-token';
import { ChallengePurpose, WebAuthnChallenge } from './webauthn-challenge.entity';

/** How long a ceremony may take, from options to answer (docs/architecture.md › Tokens and sessions). */
export const CHALLENGE_TTL_SECONDS = 5 * 60;
/** Expired challenges each new one sweeps away: a bounded amount of work per request. */
const SWEEP_BATCH = 100;

/** The check of an answer's challenge (base64url, as clientDataJSON carries it) against a stored hash. */
export function challengeMatching(challengeHash: string): (challenge: string) => boolean {
  return (challenge) => hashSecretToken(challenge) === challengeHash;
}

export interface IssuedChallenge {
  challengeId: string;
  /** The random bytes the authenticator signs over. */
  challenge: Uint8Array<ArrayBuffer>;
}

/**
 * The pending ceremonies, in the database so that any instance can finish what another started. Only the
 * challenge's hash is stored; it is spent by one conditional DELETE, so a replay, or the slower of two racing
 * answers, finds nothing.
 */
@Injectable()
export class WebAuthnChallenges {
  constructor(
    @InjectRepository(WebAuthnChallenge) private readonly challenges: Repository<WebAuthnChallenge>,
  ) {}

  async issue(purpose: ChallengePurpose, userId: string | null): Promise<IssuedChallenge> {
    await this.sweep();
    const challenge = new Uint8Array(randomBytes(32));
    const { identifiers } = await this.challenges.insert({
      // Hashed as clientDataJSON carries it back: base64url.
      challengeHash: hashSecretToken(Buffer.from(challenge).toString('base64url')),
      purpose,
      userId,
      expiresAt: new Date(Date.now() + CHALLENGE_TTL_SECONDS * 1000),
    });
    return { challengeId: String(identifiers[0].id), challenge };
  }

  /**
   * Spends the challenge and returns a check of the answer's challenge against it, or undefined when there
   * is no live challenge of this id, purpose and user (unknown, expired, spent, or someone else's). With
   * `manager`, in that transaction.
   */
  async consume(
    challengeId: string,
    purpose: ChallengePurpose,
    userId: string | null,
    manager?: EntityManager,
  ): Promise<((challenge: string) => boolean) | undefined> {
    const challenges = manager?.getRepository(WebAuthnChallenge) ?? this.challenges;
    const result = await challenges
      .createQueryBuilder()
      .delete()
      .where('id = :challengeId AND purpose = :purpose AND expires_at > now()', { challengeId, purpose })
      .andWhere(userId === null ? 'user_id IS NULL' : 'user_id = :userId', { userId })
      .returning('challenge_hash')
      .execute();
    const row = (result.raw as { challenge_hash: string }[])[0];
    return row && challengeMatching(row.challenge_hash);
  }

  private async sweep(): Promise<void> {
    await this.challenges
      .createQueryBuilder()
      .delete()
      .where(
        `id IN (SELECT id FROM webauthn_challenges WHERE expires_at <= now() LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)`,
      )
      .execute();
  }
}
