import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AccountExportRequestedEvent } from '../common/events/account-export-requested.event';
import type { AuthenticatedSession } from '../auth/sessions/sessions.service';
import { AccountExportDto, EXPORT_FORMAT } from './dto/account-export.dto';
import { UsersService } from './users.service';

/**
 * The account's data in one JSON document (GET /users/me/export): the profile from here, every other section
 * from the features that keep it, through AccountExportRequestedEvent, so this module imports none of them.
 */
@Injectable()
export class AccountExportService {
  constructor(
    private readonly users: UsersService,
    private readonly events: EventEmitter2,
  ) {}

  async export({ user, sessionId }: AuthenticatedSession): Promise<AccountExportDto> {
    const event = new AccountExportRequestedEvent(user.id, sessionId);
    await this.events.emitAsync(AccountExportRequestedEvent.NAME, event);
    return {
      format: EXPORT_FORMAT,
      exportedAt: new Date().toISOString(),
      profile: this.users.profileOf(user),
      ...event.collected(),
    };
  }

  /** `latchkey-export-2026-12-06.json`: the day of the export, in UTC. */
  fileName(exportedAt: string): string {
    return `latchkey-export-${exportedAt.slice(0, 10)}.json`;
  }
}
