import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { recordActivity } from '../../common/events/security-activity.event';
import { LoginFailureReason, logSecurityEvent } from '../../common/logging/security-events';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { DeviceTokens } from '../lockout/device-tokens';
import { LoginLockout } from '../lockout/login-lockout';
import { PasswordHasher } from './password-hasher';

/**
 * An email and password that opened an account, and the device token to hand back to the client: none yet
 * while the account's second step is pending (docs/architecture.md › Two-step verification).
 */
export interface VerifiedSignIn {
  user: User;
  deviceToken?: string;
  knownDevice: boolean;
  /** The known device the attempt came from, whose own counter the second step's failures count on. */
  deviceId?: string;
}

/** Decides whether an email and password open an account, honouring the account's and the device's lockout. */
@Injectable()
export class CredentialsVerifier {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LoginLockout,
    private readonly deviceTokens: DeviceTokens,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * The account the pair opens, or undefined for every kind of failure: unknown address, wrong password,
   * locked or disabled account. Each path spends exactly one bcrypt comparison before deciding, so neither
   * the answer nor its timing tells them apart; unknown addresses have nothing to lock.
   *
   * With a device token from an earlier success of this account, failures count against that device alone
   * and the account's lock does not apply: an attacker's failures from elsewhere never lock the owner's own
   * browser out, and the owner's device, if stolen, is limited on its own (docs/architecture.md, Passwords,
   * lockout and throttling).
   */
  async accountFor(
    email: string,
    password: string,
    deviceToken?: string,
  ): Promise<VerifiedSignIn | undefined> {
    const user = await this.users.findByEmail(email);
    const matches = await this.hasher.verify(password, user?.passwordHash ?? null);
    if (!user) return failed('unknown_account', false);
    const deviceId = this.deviceTokens.deviceIdOf(deviceToken, user.id);
    const knownDevice = deviceId !== undefined;
    if (user.disabledAt) return this.failedFor(user, 'disabled', knownDevice);
    if (!matches) {
      return this.failedFor(user, 'wrong_password', knownDevice, (manager) =>
        deviceId
          ? this.lockout.recordDeviceFailure(user.id, deviceId, manager)
          : this.lockout.recordFailure(user.id, manager),
      );
    }
    // With two-step verification a right password resets nothing: the second step does, when it succeeds.
    const admitted = user.mfaEnabled
      ? !(await this.lockout.isLocked(user.id, deviceId))
      : await this.admit(user, deviceId);
    if (!admitted) return this.failedFor(user, knownDevice ? 'device_locked' : 'account_locked', knownDevice);
    if (user.mfaEnabled) return { user, knownDevice, deviceId };
    return { user, deviceToken: this.deviceTokens.issue(user.id, deviceId), knownDevice };
  }

  /**
   * A failure of a known account: its activity row, written with the failure count it adds (if any). Unknown
   * addresses get no row: there is no one to show it to, and rows per guessed address would fill the table.
   */
  private async failedFor(
    user: User,
    reason: LoginFailureReason,
    knownDevice: boolean,
    count?: (manager: EntityManager) => Promise<unknown>,
  ): Promise<undefined> {
    await this.dataSource.transaction(async (manager) => {
      await count?.(manager);
      await recordActivity(this.events, manager, {
        type: 'auth.sign_in_failed',
        subjectId: user.id,
        details: { method: 'password', reason },
      });
    });
    return failed(reason, knownDevice, user.id);
  }

  /**
   * The end of a password sign-in whose second step succeeded: the counts clear as after a right password,
   * and the client gets its device token.
   */
  async completeSecondStep(user: User, deviceId: string | undefined): Promise<string> {
    await this.admit(user, deviceId);
    return this.deviceTokens.issue(user.id, deviceId);
  }

  /** Clears the counts a success clears; false (clearing nothing) while the attempt's lock runs. */
  private async admit(user: User, deviceId: string | undefined): Promise<boolean> {
    return deviceId
      ? (await this.lockout.admitDeviceSuccess(deviceId)) && (await this.clearAccountCount(user))
      : this.lockout.admitSuccess(user);
  }

  /**
   * A known device's success clears the account's count like any success, but never lifts its lock: that lock
   * is for the devices the owner has not used, and runs its course (or ends with a new password).
   */
  private async clearAccountCount(user: User): Promise<true> {
    await this.lockout.admitSuccess(user);
    return true;
  }
}

function failed(reason: LoginFailureReason, knownDevice: boolean, userId?: string): undefined {
  logSecurityEvent({ event: 'auth.login_failed', userId, reason, knownDevice });
  return undefined;
}
