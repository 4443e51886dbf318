import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { isUniqueViolation } from '../../database/unique-violation';
import { User } from '../../users/user.entity';
import { Passkey, PASSKEYS_CREDENTIAL_ID_KEY } from './passkey.entity';
import { MAX_PASSKEYS, passkeyAlreadyRegistered, tooManyPasskeys } from './passkeys.problems';

export type NewPasskey = Pick<
  Passkey,
  'credentialId' | 'publicKey' | 'counter' | 'transports' | 'deviceType' | 'backedUp' | 'name'
>;

/** A passkey found for a sign-in, with its account (only accounts that are not disabled). */
export interface PasskeyWithOwner {
  passkey: Passkey;
  user: User;
}

/**
 * The passkeys aggregate: the rows and `users.passkey_count`, always changed together in one transaction,
 * with the account row locked so that the limit holds for parallel registrations.
 */
@Injectable()
export class PasskeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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

  async findForSignIn(credentialId: string): Promise<PasskeyWithOwner | undefined> {
    const passkey = await this.dataSource.manager.findOneBy(Passkey, { credentialId });
    const user =
      passkey &&
      (await this.dataSource.manager.findOneBy(User, { id: passkey.userId, disabledAt: IsNull() }));
    return passkey && user ? { passkey, user } : undefined;
  }

  /**
   * Records a sign-in. The counter must move forward (or both stay 0, for authenticators that do not count):
   * the check and the write are one UPDATE, so a cloned authenticator replaying a count, or the slower of
   * two answers with the same count, loses. False when the counter went back.
   */
  async recordUse(passkey: Passkey, counter: number, backedUp: boolean): Promise<boolean> {
    const { affected } = await this.dataSource.manager
      .createQueryBuilder()
      .update(Passkey)
      .set({ counter, backedUp, lastUsedAt: () => 'now()' })
      .where('id = :id AND (counter < :counter OR (counter = 0 AND :counter = 0))', {
        id: passkey.id,
        counter,
      })
      .execute();
    return affected === 1;
  }
}
