import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { recordActivity } from '../../common/events/security-activity.event';
import { problemException } from '../../common/problem/api-problems.decorator';
import { SessionsService } from '../sessions/sessions.service';
import { OneTimeTokensService } from '../tokens/one-time-tokens.service';
import { INVALID_CANCEL_TOKEN_PROBLEM } from './email-change.problems';

/**
 * The "this wasn't me" link in the notice to the current address of an email change (mailed by
 * EmailChangeService). Whoever asked for the change knew the password, so besides the change every
 * session ends; the page then sends the owner to reset the password (docs/architecture.md, One-time
 * secrets and codes).
 */
@Injectable()
export class EmailChangeCancelService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly sessions: SessionsService,
    private readonly events: EventEmitter2,
  ) {}

  /** Spends the cancel token, kills the pending change link and ends every session, in one transaction. */
  async cancel(token: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const consumed = await this.oneTimeTokens.consume(manager, token, 'cancel-email-change');
      if (!consumed) throw problemException(INVALID_CANCEL_TOKEN_PROBLEM);
      await this.oneTimeTokens.revoke(manager, consumed.userId, 'change-email');
      await this.sessions.revokeAllForUser(consumed.userId, undefined, manager);
      await recordActivity(this.events, manager, {
        type: 'session.revoked',
        subjectId: consumed.userId,
        details: { scope: 'all', reason: 'email_change_cancelled' },
      });
    });
  }
}
