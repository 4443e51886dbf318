import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { User } from '../../users/user.entity';
import { MfaNotices } from './mfa-notices';
import { MfaRepository } from './mfa.repository';

/**
 * Turning TOTP off, by its owner or by an admin's reset for someone who lost every factor
 * (docs/architecture.md › Two-step verification): the secret and every recovery code go, and the owner is
 * mailed, saying who did it.
 */
@Injectable()
export class MfaReset {
  constructor(
    private readonly mfa: MfaRepository,
    private readonly notices: MfaNotices,
  ) {}

  /** Inside the caller's transaction; false (nothing mailed) when TOTP was not on. Updates `user` too. */
  async turnOff(manager: EntityManager, user: User, byAdmin: boolean): Promise<boolean> {
    if (!(await this.mfa.removeConfirmed(manager, user.id))) return false;
    Object.assign(user, { mfaEnabled: false, recoveryCodesLeft: 0 });
    await this.notices.send(manager, user, 'mfa-disabled', { byAdmin });
    return true;
  }
}
