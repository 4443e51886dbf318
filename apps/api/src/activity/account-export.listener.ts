import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AccountExportRequestedEvent } from '../common/events/account-export-requested.event';
import { ActivityService } from './activity.service';

/** The `activity` section of a data export: the account's whole security activity, as its own list shows it. */
@Injectable()
export class ActivityExportListener {
  constructor(private readonly activity: ActivityService) {}

  @OnEvent(AccountExportRequestedEvent.NAME, { suppressErrors: false })
  async contribute(event: AccountExportRequestedEvent): Promise<void> {
    event.contribute('activity', await this.activity.everythingOf(event.userId));
  }
}
