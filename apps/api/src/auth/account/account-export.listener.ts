import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AccountExportRequestedEvent } from '../../common/events/account-export-requested.event';
import { toPasskeyDto } from '../passkeys/dto/passkey.dto';
import { PasskeysRepository } from '../passkeys/passkeys.repository';
import { UserSessionsService } from '../sessions/user-sessions.service';

/**
 * The `sessions` and `passkeys` sections of a data export: what the owner sees in their lists, and each
 * passkey's transports. Never a token hash, a credential's public key or its signature counter.
 */
@Injectable()
export class AuthExportListener {
  constructor(
    private readonly sessions: UserSessionsService,
    private readonly passkeys: PasskeysRepository,
  ) {}

  @OnEvent(AccountExportRequestedEvent.NAME, { suppressErrors: false })
  async contribute(event: AccountExportRequestedEvent): Promise<void> {
    event.contribute('sessions', await this.sessions.list(event.userId, event.sessionId));
    const passkeys = await this.passkeys.listOf(event.userId);
    event.contribute(
      'passkeys',
      passkeys.map((passkey) => ({ ...toPasskeyDto(passkey), transports: passkey.transports })),
    );
  }
}
