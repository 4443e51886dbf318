import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { recordActivity } from '../../common/events/security-activity.event';
import { logSecurityEvent } from '../../common/logging/security-events';
import { User } from '../../users/user.entity';
import { AuthService, FreshSignIn } from '../auth.service';
import type { TokenDelivery } from '../dto/login.dto';
import { LoginLockout } from '../lockout/login-lockout';
import { CredentialsVerifier } from '../password/credentials-verifier';
import type { AuthMethod } from '../sessions/auth-methods';
import type { ClientInfo } from '../sessions/sessions.service';
import type { OneTimeToken } from '../tokens/one-time-token.entity';
import { MAX_FAILED_ATTEMPTS, OneTimeTokensService } from '../tokens/one-time-tokens.service';
import type { VerifyMfaDto } from './dto/mfa.dto';
import { FirstStep, MFA_TOKEN_PURPOSE } from './mfa-challenges';
import { invalidMfaCode, invalidMfaToken } from './mfa.problems';
import { MfaService } from './mfa.service';

/** A finished two-step sign-in, with how the first step asked for its tokens. */
export type MfaSignedIn = FreshSignIn & { tokenDelivery: TokenDelivery };

/** A sign-in waiting for its second step: the token's row, its account, and what the first step was. */
interface PendingSignIn {
  secret: OneTimeToken;
  user: User;
  first: FirstStep;
}

/**
 * POST /auth/mfa/verify: the second step of a password or magic-link sign-in (docs/architecture.md ›
 * Two-step verification). A wrong code is one of the `mfaToken`'s 5 tries and one failure toward the lockout
 * (of the device the password came from, else of the account); while that lock runs every code is refused
 * unchecked. Only a right code clears the failures.
 */
@Injectable()
export class MfaSignInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    private readonly tokens: OneTimeTokensService,
    private readonly lockout: LoginLockout,
    private readonly credentials: CredentialsVerifier,
    private readonly events: EventEmitter2,
  ) {}

  async verify(body: VerifyMfaDto, client: ClientInfo): Promise<MfaSignedIn> {
    const pending = await this.pendingSignIn(body.mfaToken);
    const { user, first } = pending;
    const via = body.code !== undefined ? 'totp' : 'recovery_code';
    const locked = await this.lockout.isLocked(user.id, first.deviceId);
    const spent = !locked && (await this.spendCode(pending, body));
    if (!spent) throw await this.refusal(pending, via, locked);
    const deviceToken = first.amr.includes('pwd')
      ? await this.credentials.completeSecondStep(user, first.deviceId)
      : undefined;
    // RFC 8176: `otp` for the app's code; a recovery code is no device, so it adds `mfa` alone.
    const amr: AuthMethod[] = [...first.amr, ...(via === 'totp' ? (['otp'] as const) : []), 'mfa'];
    const signedIn = await this.auth.signIn(user, first.rememberMe, client, amr, deviceToken);
    logSecurityEvent({
      event: 'auth.mfa_succeeded',
      userId: user.id,
      sessionId: signedIn.sessionId,
      via,
      ...(via === 'recovery_code' && { recoveryCodesLeft: spent.recoveryCodesLeft }),
    });
    return { ...signedIn, tokenDelivery: first.tokenDelivery };
  }

  private async pendingSignIn(mfaToken: string): Promise<PendingSignIn> {
    const manager = this.dataSource.manager;
    const secret = await this.tokens.find(manager, mfaToken, MFA_TOKEN_PURPOSE);
    const user = secret && (await manager.findOneBy(User, { id: secret.userId, disabledAt: IsNull() }));
    // Turned off (or reset by an admin) meanwhile: there is no second step left to take; sign in again.
    if (!secret || !user?.mfaEnabled) throw invalidMfaToken();
    return { secret, user, first: secret.payload as unknown as FirstStep };
  }

  /**
   * Spends the code and the `mfaToken` together: false when the code is wrong. Of parallel right answers
   * exactly one signs in (the code's step, or the recovery code's row, and the token are spent once).
   */
  private async spendCode(
    { secret, user }: PendingSignIn,
    { code, recoveryCode }: VerifyMfaDto,
  ): Promise<false | { recoveryCodesLeft: number }> {
    if (code !== undefined && !(await this.mfa.spendTotpCode(user, code))) return false;
    return this.dataSource.transaction(async (manager) => {
      const recoveryCodesLeft =
        recoveryCode === undefined
          ? user.recoveryCodesLeft
          : await this.mfa.spendRecoveryCode(manager, user, recoveryCode);
      if (recoveryCodesLeft === undefined) return false;
      if (!(await this.tokens.consumeFound(manager, secret))) throw invalidMfaToken();
      if (recoveryCode !== undefined) {
        await recordActivity(this.events, manager, {
          type: 'account.recovery_code_used',
          subjectId: user.id,
          details: { recoveryCodesLeft },
        });
      }
      return { recoveryCodesLeft };
    });
  }

  /** Counts a wrong code (a lock's refusal counts nothing) and says how many tries the token has left. */
  private async refusal(
    { secret, user, first }: PendingSignIn,
    via: 'totp' | 'recovery_code',
    locked: boolean,
  ) {
    const failures = await this.dataSource.transaction(async (manager) => {
      const counted = locked ? secret.failedAttempts : await this.tokens.countFailure(manager, secret);
      if (counted === undefined) return undefined;
      if (!locked) {
        if (first.deviceId) await this.lockout.recordDeviceFailure(user.id, first.deviceId, manager);
        else await this.lockout.recordFailure(user.id, manager);
      }
      await recordActivity(this.events, manager, {
        type: 'auth.sign_in_failed',
        subjectId: user.id,
        details: {
          method: first.amr.includes('pwd') ? 'password' : 'magic_link',
          secondStep: via,
          reason: locked ? (first.deviceId ? 'device_locked' : 'account_locked') : 'wrong_code',
        },
      });
      return counted;
    });
    if (failures === undefined) return invalidMfaToken();
    const triesLeft = Math.max(MAX_FAILED_ATTEMPTS - failures, 0);
    logSecurityEvent({ event: 'auth.mfa_failed', userId: user.id, via, triesLeft });
    return invalidMfaCode(triesLeft, via === 'totp' ? 'code' : 'recoveryCode');
  }
}
