import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { recordActivity } from '../../common/events/security-activity.event';
import { logSecurityEvent } from '../../common/logging/security-events';
import { problemException } from '../../common/problem/api-problems.decorator';
import { AppConfig } from '../../config/app-config';
import type { User } from '../../users/user.entity';
import { RecoveryCodesDto, TotpEnrolmentDto } from './dto/mfa.dto';
import { MfaNotices } from './mfa-notices';
import { MfaReset } from './mfa-reset';
import { MfaRepository } from './mfa.repository';
import {
  INVALID_TOTP_CODE_PROBLEM,
  NO_PENDING_TOTP_PROBLEM,
  totpAlreadyEnabled,
  totpNotEnabled,
} from './mfa.problems';
import { hashRecoveryCode, newRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes';
import { SecretBox } from './secret-box';
import { matchingStep, newTotpSecret, totpUri } from './totp';

/**
 * Two-step verification of an account: setting up and turning off TOTP, recovery codes, and checking a code
 * for sign-in and re-authentication (docs/architecture.md › Two-step verification).
 */
@Injectable()
export class MfaService {
  private readonly logger = new Logger(MfaService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly mfa: MfaRepository,
    private readonly box: SecretBox,
    private readonly notices: MfaNotices,
    private readonly reset: MfaReset,
    private readonly events: EventEmitter2,
  ) {}

  /** A new pending secret, replacing a pending one; 409 while TOTP is on. Nothing changes until confirmed. */
  async start(user: User): Promise<TotpEnrolmentDto> {
    if (user.mfaEnabled) throw totpAlreadyEnabled();
    const secret = newTotpSecret();
    if (!(await this.mfa.savePending(user.id, this.box.seal(secret, user.id)))) throw totpAlreadyEnabled();
    return { secret, otpauthUri: totpUri(secret, this.config.productName, user.email) };
  }

  /**
   * Turns TOTP on with a current code of the pending secret and returns the first recovery codes, shown
   * this once. The code's step counts as used, so it cannot sign in afterwards.
   */
  async confirm(user: User, code: string): Promise<RecoveryCodesDto> {
    const pending = await this.mfa.findCredential(user.id);
    if (pending?.confirmedAt) throw totpAlreadyEnabled();
    if (!pending) throw problemException(NO_PENDING_TOTP_PROBLEM);
    const step = matchingStep(this.openSecret(pending.secretCiphertext, user.id), code);
    if (step === undefined) throw problemException(INVALID_TOTP_CODE_PROBLEM, 'code');
    const recoveryCodes = await this.dataSource.transaction(async (manager) => {
      // A start or confirmation in parallel changed the row: this code's secret is no longer the pending one.
      if (!(await this.mfa.confirm(manager, user.id, pending.secretCiphertext, step))) {
        throw problemException(NO_PENDING_TOTP_PROBLEM);
      }
      await this.notices.send(manager, user, 'mfa-enabled', {});
      await recordActivity(this.events, manager, { type: 'account.mfa_enabled', subjectId: user.id });
      return this.replaceRecoveryCodes(manager, user);
    });
    logSecurityEvent({ event: 'account.mfa_enabled', userId: user.id });
    return { recoveryCodes };
  }

  /** DELETE /users/me/mfa/totp: off, recovery codes dead, owner mailed; 409 when it was not on. */
  async disable(user: User): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.reset.turnOff(manager, user, false))) throw totpNotEnabled();
      await recordActivity(this.events, manager, { type: 'account.mfa_disabled', subjectId: user.id });
    });
    logSecurityEvent({ event: 'account.mfa_disabled', userId: user.id });
  }

  /** A fresh set of recovery codes; the earlier ones die. 409 while TOTP is off. */
  async replaceRecoveryCodesOf(user: User): Promise<RecoveryCodesDto> {
    if (!user.mfaEnabled) throw totpNotEnabled();
    const recoveryCodes = await this.dataSource.transaction(async (manager) => {
      await this.notices.send(manager, user, 'recovery-codes-replaced', {});
      await recordActivity(this.events, manager, {
        type: 'account.recovery_codes_replaced',
        subjectId: user.id,
      });
      return this.replaceRecoveryCodes(manager, user);
    });
    logSecurityEvent({ event: 'account.recovery_codes_replaced', userId: user.id });
    return { recoveryCodes };
  }

  /**
   * Whether `code` is the account's current TOTP code (±1 step of `now`) not used before; a match is spent
   * at once, so of parallel requests with one code exactly one gets true.
   */
  async spendTotpCode(user: User, code: string, now = Date.now()): Promise<boolean> {
    const credential = await this.mfa.findCredential(user.id);
    if (!credential?.confirmedAt) return false;
    const step = matchingStep(this.openSecret(credential.secretCiphertext, user.id), code, now);
    return step !== undefined && this.mfa.claimStep(user.id, step);
  }

  /**
   * Spends one of the account's recovery codes inside the caller's transaction (`user` then says how many are
   * left) and mails the owner the number; undefined when `code` is none of them.
   */
  async spendRecoveryCode(manager: EntityManager, user: User, code: string): Promise<number | undefined> {
    const remaining = await this.mfa.spendRecoveryCode(manager, user.id, hashRecoveryCode(code));
    if (remaining === undefined) return undefined;
    user.recoveryCodesLeft = remaining;
    await this.notices.send(manager, user, 'recovery-code-used', { remaining });
    return remaining;
  }

  /**
   * The account's TOTP secret; undefined, so that no code matches, when it does not open: the key it was
   * sealed with changed (DATA_ENCRYPTION_KEY, or JWT_SECRET without it). The person then signs in with a
   * recovery code, or an admin resets two-step verification; an error line tells the operator why.
   */
  private openSecret(sealed: string, userId: string): string | undefined {
    try {
      return this.box.open(sealed, userId);
    } catch {
      this.logger.error(
        { userId },
        'a TOTP secret does not open: DATA_ENCRYPTION_KEY (or JWT_SECRET, when that is unset) changed since ' +
          'it was sealed; no code of this account matches until it signs in with a recovery code and sets ' +
          'two-step verification up again, or an admin resets it',
      );
      return undefined;
    }
  }

  private async replaceRecoveryCodes(manager: EntityManager, user: User): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.mfa.replaceRecoveryCodes(manager, user.id, codes.map(hashRecoveryCode));
    return codes;
  }
}
