import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import type { MailTemplateData, MailTemplateName } from '../../mail/mail.types';
import { OutboxService } from '../../mail/outbox.service';
import type { User } from '../../users/user.entity';
import { formatUtc } from '../../mail/mail-time';

/** The notices of two-step verification; each names when, and where to review it. */
export type MfaNotice = 'mfa-enabled' | 'mfa-disabled' | 'recovery-codes-replaced' | 'recovery-code-used';
type NoticeExtras<T extends MfaNotice> = Omit<MailTemplateData[T], 'nickname' | 'at' | 'securityUrl'>;

/** Mails the owner about a change to their two-step verification, in the transaction of the change. */
@Injectable()
export class MfaNotices {
  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
  ) {}

  async send<T extends MfaNotice>(
    manager: EntityManager,
    user: Pick<User, 'id' | 'email' | 'nickname'>,
    template: T,
    extras: NoticeExtras<T>,
  ): Promise<void> {
    await this.outbox.enqueue(manager, {
      to: user.email,
      template: template as MailTemplateName,
      data: {
        nickname: user.nickname,
        at: formatUtc(new Date()),
        securityUrl: `${this.config.publicUrl}/profile`,
        ...extras,
      } as MailTemplateData[T],
      userId: user.id,
    });
  }
}
