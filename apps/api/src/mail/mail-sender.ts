import { MailerService } from '@nestjs-modules/mailer';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MailRenderer } from './mail-renderer';
import { MailOutbox } from './mail-outbox.entity';

export type SendableMail = Pick<MailOutbox, 'id' | 'to' | 'template' | 'data'> &
  Partial<Pick<MailOutbox, 'locale'>>;

/** Renders one outbox row and hands it to the SMTP transport. */
@Injectable()
export class MailSender {
  private readonly messageIdHost: string;

  constructor(
    private readonly mailer: MailerService,
    private readonly renderer: MailRenderer,
    private readonly config: AppConfig,
  ) {
    this.messageIdHost = new URL(config.publicUrl).hostname;
  }

  /**
   * The same row always gets the same Message-ID, so a mail sent twice (a crash between sending and
   * recording it) is recognisable as one message by clients and by us.
   */
  messageIdFor(rowId: string): string {
    return `<${rowId}@${this.messageIdHost}>`;
  }

  /** Sends the mail and answers its Message-ID; throws what the renderer or the transport threw. */
  async send(mail: SendableMail): Promise<string> {
    const { subject, html, text } = this.renderer.render(mail.template, mail.data, mail.locale);
    const messageId = this.messageIdFor(mail.id);
    await this.mailer.sendMail({
      from: this.config.mailFrom,
      to: mail.to,
      subject,
      html,
      text,
      messageId,
      // RFC 3834: tells vacation responders and ticket systems not to answer automatic mail.
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    return messageId;
  }
}
