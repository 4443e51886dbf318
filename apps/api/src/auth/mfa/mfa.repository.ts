import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { User } from '../../users/user.entity';
import { RecoveryCode } from './recovery-code.entity';
import { TotpCredential } from './totp-credential.entity';

/**
 * The rows of two-step verification, and the two users columns kept with them (`mfa_enabled`,
 * `recovery_codes_left`) in the same statements' transactions (docs/architecture.md › Two-step verification).
 */
@Injectable()
export class MfaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores a pending secret, replacing a pending one; false (and nothing stored) when TOTP is already on. One
   * statement, so a start racing a confirmation cannot overwrite the confirmed secret.
   */
  async savePending(userId: string, secretCiphertext: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO totp_credentials (user_id, secret_ciphertext) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE
         SET secret_ciphertext = EXCLUDED.secret_ciphertext, created_at = now(), last_used_step = NULL
         WHERE totp_credentials.confirmed_at IS NULL
       RETURNING user_id`,
      [userId, secretCiphertext],
    );
    return rows.length === 1;
  }

  findCredential(userId: string): Promise<TotpCredential | null> {
    return this.dataSource.manager.findOneBy(TotpCredential, { userId });
  }

  /**
   * Activates the pending secret that `secretCiphertext` still is (a newer start replaced nothing meanwhile),
   * with the step of the code that confirmed it; true when this call did it.
   */
  async confirm(
    manager: EntityManager,
    userId: string,
    secretCiphertext: string,
    step: number,
  ): Promise<boolean> {
    const { affected } = await manager.update(
      TotpCredential,
      { userId, secretCiphertext, confirmedAt: IsNull() },
      { confirmedAt: () => 'now()', lastUsedStep: step },
    );
    if (affected !== 1) return false;
    await manager.update(User, { id: userId }, { mfaEnabled: true });
    return true;
  }

  /**
   * Records `step` as the last accepted one if it is later than the last: of two requests with one code
   * (or codes of one step) exactly one gets true, and earlier steps never pass again.
   */
  async claimStep(userId: string, step: number): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(TotpCredential)
      .set({ lastUsedStep: step })
      .where('user_id = :userId AND confirmed_at IS NOT NULL', { userId })
      .andWhere('(last_used_step IS NULL OR last_used_step < :step)', { step })
      .execute();
    return result.affected === 1;
  }

  /** Turns TOTP off: the secret and every recovery code go. False when it was not on. */
  async removeConfirmed(manager: EntityManager, userId: string): Promise<boolean> {
    const { affected } = await manager.delete(TotpCredential, { userId, confirmedAt: Not(IsNull()) });
    await manager.delete(RecoveryCode, { userId });
    await manager.update(User, { id: userId }, { mfaEnabled: false, recoveryCodesLeft: 0 });
    return affected === 1;
  }

  /** The account's recovery codes become exactly these (hashed); the earlier ones die. */
  async replaceRecoveryCodes(manager: EntityManager, userId: string, codeHashes: string[]): Promise<void> {
    await manager.delete(RecoveryCode, { userId });
    await manager.insert(
      RecoveryCode,
      codeHashes.map((codeHash) => ({ userId, codeHash })),
    );
    await manager.update(User, { id: userId }, { recoveryCodesLeft: codeHashes.length });
  }

  /**
   * Deletes the code with this hash; returns how many are left, or undefined when it was not one of the
   * account's (or was used already). The DELETE decides, so of parallel uses exactly one succeeds.
   */
  async spendRecoveryCode(
    manager: EntityManager,
    userId: string,
    codeHash: string,
  ): Promise<number | undefined> {
    const { affected } = await manager.delete(RecoveryCode, { userId, codeHash });
    if (affected !== 1) return undefined;
    const result = await manager
      .createQueryBuilder()
      .update(User)
      .set({ recoveryCodesLeft: () => 'recovery_codes_left - 1' })
      .where('id = :userId', { userId })
      .returning('recovery_codes_left')
      .execute();
    return Number((result.raw as { recovery_codes_left: number }[])[0].recovery_codes_left);
  }
}
