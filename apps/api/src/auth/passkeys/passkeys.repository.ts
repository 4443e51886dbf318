import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AliasedColumns, runPrepared } from '../../database/prepared-statements';
import { isUniqueViolation } from '../../database/unique-violation';
import { User } from '../../users/user.entity';
import { Passkey, PASSKEYS_CREDENTIAL_ID_KEY } from './passkey.entity';
import { MAX_PASSKEYS, passkeyAlreadyRegistered, tooManyPasskeys } from './passkeys.problems';

export type NewPasskey = Pick<
  Passkey,
  'credentialId' | 'publicKey' | 'counter' | 'transports' | 'deviceType' | 'backedUp' | 'name'
>;

/** A passkey found for a sign-in, with its account, and the hash of the challenge it must have signed. */
export interface PasskeySignIn {
  passkey: Passkey;
  user: User;
  challengeHash: string;
}

/**
 * The sign-in path's statements, prepared on each pooled connection once (docs/architecture.md › Passwordless
 * sign-in): a passkey sign-in is three round trips, this lookup, the counter update and the session start.
 */
const SIGN_IN_STATEMENT = 'latchkey_passkey_sign_in';
const RECORD_USE_STATEMENT = 'latchkey_passkey_record_use';
const RECORD_USE_SQL = `
  UPDATE passkeys SET counter = $2, backed_up = $3, last_used_at = now()
  WHERE id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0))
  RETURNING id`;

/**
 * The passkeys aggregate: the rows and `users.passkey_count`, always changed together in one transaction,
 * with the account row locked so that the limit holds for parallel registrations.
 */
@Injectable()
export class PasskeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.passkeyColumns = new AliasedColumns(dataSource, Passkey, 'passkey');
    this.userColumns = new AliasedColumns(dataSource, User, 'user');
    this.signInSql = this.buildSignInSql();
  }

  private readonly passkeyColumns: AliasedColumns<Passkey>;
  private readonly userColumns: AliasedColumns<User>;
  private readonly signInSql: string;

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

  async rename(userId: string, id: string, name: string): Promise<Passkey | undefined> {
    const { affected } = await this.dataSource.manager.update(Passkey, { id, userId }, { name });
    return affected
      ? ((await this.dataSource.manager.findOneBy(Passkey, { id, userId })) ?? undefined)
      : undefined;
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
   * Spends the discoverable-authentication challenge and finds the answering passkey with its account (only
   * one not disabled), in one statement: the sign-in path's first round trip. The challenge is spent whether
   * or not the passkey is found (a data-modifying WITH always runs to completion), so an answer naming an
   * unknown credential cannot be retried with the same challenge.
   */
  async spendChallengeAndFind(challengeId: string, credentialId: string): Promise<PasskeySignIn | undefined> {
    const [row] = await runPrepared(this.dataSource, SIGN_IN_STATEMENT, this.signInSql, [
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
   * Records a sign-in. The counter must move forward (or both stay 0, for authenticators that do not count):
   * the check and the write are one UPDATE, so a cloned authenticator replaying a count, or the slower of
   * two answers with the same count, loses. False when the counter went back.
   */
  async recordUse(passkey: Passkey, counter: number, backedUp: boolean): Promise<boolean> {
    const rows = await runPrepared(this.dataSource, RECORD_USE_STATEMENT, RECORD_USE_SQL, [
      passkey.id,
      counter,
      backedUp,
    ]);
    return rows.length === 1;
  }

  private buildSignInSql(): string {
    return `
      WITH challenge AS (
        DELETE FROM webauthn_challenges
        WHERE id = $1 AND purpose = 'authentication' AND user_id IS NULL AND expires_at > now()
        RETURNING challenge_hash
      )
      SELECT challenge.challenge_hash, ${this.passkeyColumns.selectList}, ${this.userColumns.selectList}
      FROM challenge
      JOIN passkeys "passkey" ON "passkey".credential_id = $2
      JOIN users "user" ON "user".id = "passkey".user_id AND "user".disabled_at IS NULL`;
  }
}
