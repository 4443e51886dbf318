import { Controller, Get, Header, Param, Query, UseGuards, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/decorators/public.decorator';
import { DevInboxGuard } from './dev-inbox.guard';
import { noSuchMessage } from './dev-inbox.problems';
import { InboxMessageJson, inboxMessagesJson, InboxQueryDto } from './inbox.json';
import { DEV_INBOX_PATH, inboxListPage, inboxMessagePage } from './inbox.page';
import { SmtpCatcher } from './smtp-catcher';

/**
 * The embedded SMTP catcher's inbox, for development and tests; absent whenever mail really goes out, and
 * served to loopback clients only (DevInboxGuard).
 */
@ApiExcludeController()
@Public()
@UseGuards(DevInboxGuard)
@Controller({ path: DEV_INBOX_PATH, version: VERSION_NEUTRAL })
export class InboxController {
  constructor(private readonly catcher: SmtpCatcher) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  list(): string {
    return inboxListPage(this.catcher.messages());
  }

  /**
   * The inbox as JSON, newest first, for scripts and black-box tests (a mobile client's integration test
   * reads its confirmation link here): `?to=` keeps one recipient's messages, `?limit=` the newest few.
   */
  @Get('messages')
  @Header('cache-control', 'no-store')
  messages(@Query() query: InboxQueryDto): InboxMessageJson[] {
    return inboxMessagesJson(this.catcher.messages(), query);
  }

  @Get(':id')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  message(@Param('id') id: string): string {
    const mail = this.catcher.message(id);
    if (!mail) throw noSuchMessage();
    return inboxMessagePage(mail);
  }
}
