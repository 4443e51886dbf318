import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AliasedColumns, runPrepared } from '../../database/prepared-statements';
import { isUniqueViolation } from '../../database/unique-violation';
import { User } from '../../users/user.entity';
import { Passkey, PASSKEYS_CREDENTIAL_ID_KEY } from './passkey.entity';
import { NEW_DEVICE_COLUMN } from '../sessions/known-devices';
import { PlannedSession, sessionStartSql } from '../sessions/session-start';
import { MAX_PASSKEYS, passkeyAlreadyRegistered, tooManyPasskeys } from './passkeys.problems';

export type NewPasskey = Pick<
  Passkey,
  'credentialId' | 'publicKey' | 'counter' | 'transports' | 'deviceType' | 'backedUp' | 'name'
>;

/** A passkey answering a challenge, with its account, and the hash of the challenge it must have signed. */
export interface PasskeyAnswering {
  passkey: Passkey;
  user: User;
  challengeHash: string;
}

/** What recordUse() did: recorded, or nothing because the challenge was spent or the counter went back. */
export type PasskeyUse = 'recorded' | 'challenge-spent' | 'counter-went-back';

/** What recordUse() did, and whether the session it started (if any) is from a device new to the account. */
export interface RecordedUse {
  use: PasskeyUse;
  newDevice: boolean;
}

/**
 * The passkey sign-in path's statements, prepared on each pooled connection once (docs/architecture.md ›
 * Passwordless sign-in): a read, the signature check, and one write that spends the challenge, records the
 * use and starts the session: one commit.
 */
const FIND_ANSWERING_STATEMENT = 'latchkey_passkey_answering';
const LIVE_AUTHENTICATION_CHALLENGE = `AND challenge.purpose = 'authentication' AND challenge.user_id IS NULL
  AND challenge.expires_at > now()`;
const RECORD_USE_CTES = `
  WITH spent AS (
    DELETE FROM webauthn_challenges challenge WHERE challenge.id = $1 ${LIVE_AUTHENTICATION_CHALLENGE}
    RETURNING id
  ),
  used AS (
    UPDATE passkeys SET counter = $3, backed_up = $4, last_used_at = now()
    WHERE id = $2 AND (counter < $3 OR (counter = 0 AND $3 = 0)) AND EXISTS (SELECT FROM spent)
    RETURNING id
  )`;
const RECORD_USE_OUTCOME = 'SELECT EXISTS (SELECT FROM spent) AS spent, EXISTS (SELECT FROM used) AS used';
const RECORD_USE_STATEMENT = 'latchkey_passkey_record_use';
const RECORD_USE_SQL = `${RECORD_USE_CTES} ${RECORD_USE_OUTCOME}`;
const RECORD_SIGN_IN_STATEMENT = 'latchkey_passkey_record_sign_in';
const RECORD_SIGN_IN_SQL = `${RECORD_USE_CTES}, ${sessionStartSql('used', 5)}
  ${RECORD_USE_OUTCOME}, ${NEW_DEVICE_COLUMN}`;

/**
 * The passkeys aggregate: the rows and `users.passkey_count`, always changed together in one transaction,
 * with the account row locked so that the limit holds for parallel registrations.
 */
@Injectable()
export class PasskeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.passkeyColumns = new AliasedColumns(dataSource, Passkey, 'passkey');
    this.userColumns = new AliasedColumns(dataSource, User, 'user');
    this.findAnsweringSql = this.buildFindAnsweringSql();
  }

  private readonly passkeyColumns: AliasedColumns<Passkey>;
  private readonly userColumns: AliasedColumns<User>;
  private readonly findAnsweringSql: string;

  listOf(userId: string): Promise<Passkey[]> {
    return this.dataSource.manager.find(Passkey, {
      where: { userId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Adds the passkey unless the account is full (409) or the credential is registered already (409). */
  async add(manager: EntityManager, user: User, passkey: NewPasskey): Promise<Passkey> {
    const owner = await manager.findOne(User, {
      where: { id: user.id },
      select: { id: true, passkeyCount: true },
      lock: { mode: 'pessimistic_write' },
    });
    if (!owner || owner.passkeyCount >= MAX_PASSKEYS) throw tooManyPasskeys();
    try {
      // A savepoint would be needed to go on after a failed statement; nothing goes on, the error ends it.
      const saved = await manager.save(manager.create(Passkey, { ...passkey, userId: user.id }));
      await manager.increment(User, { id: user.id }, 'passkeyCount', 1);
      return saved;
    } catch (error) {
      throw isUniqueViolation(error, PASSKEYS_CREDENTIAL_ID_KEY) ? passkeyAlreadyRegistered() : error;
    }
  }

  async rename(
    userId: string,
    id: string,
    name: string,
    manager = this.dataSource.manager,
  ): Promise<Passkey | undefined> {
    const { affected } = await manager.update(Passkey, { id, userId }, { name });
    return affected ? ((await manager.findOneBy(Passkey, { id, userId })) ?? undefined) : undefined;
  }

  /** Deletes the user's passkey and returns it; undefined when the user has none of this id. */
  async remove(manager: EntityManager, userId: string, id: string): Promise<Passkey | undefined> {
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(Passkey)
      .where('id = :id AND user_id = :userId', { id, userId })
      .returning('name')
      .execute();
    const row = (result.raw as { name: string }[])[0];
    if (!row) return undefined;
    await manager.decrement(User, { id: userId }, 'passkeyCount', 1);
    return manager.create(Passkey, { id, userId, name: row.name });
  }

  /**
   * The passkey answering a discoverable-authentication challenge, with its account (only one not disabled),
   * and the challenge's hash, while the challenge is live. Reads only: the answer is checked first, and
   * recordUse() then spends the challenge in the statement that records the use.
   */
  async findAnswering(challengeId: string, credentialId: string): Promise<PasskeyAnswering | undefined> {
    const [row] = await runPrepared(this.dataSource, FIND_ANSWERING_STATEMENT, this.findAnsweringSql, [
      challengeId,
      credentialId,
    ]);
    return (
      row && {
        passkey: this.passkeyColumns.fromRow(row),
        user: this.userColumns.fromRow(row),
        challengeHash: row.challenge_hash as string,
      }
    );
  }

  /**
   * Records a sign-in or re-authentication in one statement and one commit: spends the challenge, moves the
   * counter, and starts the planned session if there is one, each only if the one before happened. The
   * counter must move forward (or both stay 0, for authenticators that do not count): a cloned authenticator
   * replaying a count, or the slower of two answers with the same count, loses. Of two racing answers to one
   * challenge, the slower finds it spent.
   */
  async recordUse(
    challengeId: string,
    passkey: Passkey,
    { counter, backedUp }: { counter: number; backedUp: boolean },
    session?: PlannedSession,
  ): Promise<RecordedUse> {
    const values = [challengeId, passkey.id, counter, backedUp];
    const [row] = session
      ? await runPrepared(this.dataSource, RECORD_SIGN_IN_STATEMENT, RECORD_SIGN_IN_SQL, [
          ...values,
          ...session.values,
        ])
      : await runPrepared(this.dataSource, RECORD_USE_STATEMENT, RECORD_USE_SQL, values);
    const use = !row.spent ? 'challenge-spent' : row.used ? 'recorded' : 'counter-went-back';
    return { use, newDevice: row.new_device === true };
  }

  private buildFindAnsweringSql(): string {
    return `
      SELECT challenge.challenge_hash, ${this.passkeyColumns.selectList}, ${this.userColumns.selectList}
      FROM webauthn_challenges challenge
      JOIN passkeys "passkey" ON "passkey".credential_id = $2
      JOIN users "user" ON "user".id = "passkey".user_id AND "user".disabled_at IS NULL
      WHERE challenge.id = $1 ${LIVE_AUTHENTICATION_CHALLENGE}`;
  }
}
