import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { createHmac } from 'node:crypto';
import { AccountDeletedEvent } from '../common/events/account-deleted.event';
import { SecurityActivityEvent } from '../common/events/security-activity.event';
import { currentRequestClient } from '../common/logging/request-log';
import { AppConfig } from '../config/app-config';
import { derivedKey } from '../config/derived-key';
import { ActivityRepository } from './activity.repository';

/**
 * Writes the security activity in the transactions of the changes that raise it, and forgets a deleted account
 * in the deletion's. suppressErrors false: a failed write fails the change, so neither exists without the other.
 */
@Injectable()
export class ActivityListener {
  private readonly pseudonymKey: Buffer;

  constructor(
    private readonly activity: ActivityRepository,
    config: AppConfig,
  ) {
    this.pseudonymKey = derivedKey(config.jwtSecret, 'audit pseudonyms');
  }

  @OnEvent(SecurityActivityEvent.NAME, { suppressErrors: false })
  async record(event: SecurityActivityEvent): Promise<void> {
    await this.activity.insert(event.manager, event.activity, currentRequestClient());
  }

  @OnEvent(AccountDeletedEvent.NAME, { suppressErrors: false })
  async forget(event: AccountDeletedEvent): Promise<void> {
    await this.activity.forget(
      event.manager,
      event.userId,
      this.pseudonymOf(event.userId),
      currentRequestClient(),
    );
  }

  /**
   * A deleted account's stand-in: an HMAC of its id under a key derived from JWT_SECRET. The same in every row
   * (and for every instance), so admins can follow one deleted account through the log; without the key it
   * leads back to nobody, since ids are random.
   */
  pseudonymOf(userId: string): string {
    return createHmac('sha256', this.pseudonymKey).update(userId).digest('base64url').slice(0, 22);
  }
}
