import { MailerModule, MailerOptions } from '@nestjs-modules/mailer';
import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { DevInboxGuard } from './dev-inbox.guard';
import { InboxController } from './inbox.controller';
import { MailCap } from './mail-cap.entity';
import { MailOutbox } from './mail-outbox.entity';
import { MailRenderer } from './mail-renderer';
import { MailSender } from './mail-sender';
import { OUTBOX_SETTINGS, outboxSettingsFrom, SEND_TIMEOUT_MS } from './outbox.settings';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';
import { SmtpCatcher } from './smtp-catcher';
import { SmtpCatcherModule } from './smtp-catcher.module';

/** SMTP_URL, or the embedded catcher, which must be listening before the transport is created. */
export async function mailerOptions(config: AppConfig, catcher: SmtpCatcher): Promise<MailerOptions> {
  if (config.usesEmbeddedSmtp && config.isProduction) {
    new Logger('Mail').warn('SMTP_URL is not set: mail goes to the embedded catcher and reaches nobody');
  }
  const url = config.smtpUrl ?? (await catcher.start());
  return {
    // nodemailer's own socket timeout is ten minutes; a hung server must not hold a batch that long.
    transport: { url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: SEND_TIMEOUT_MS },
    sendTimeout: SEND_TIMEOUT_MS,
  };
}

/** Transactional outbox, its delivery worker, templates, SMTP transport and the development inbox. */
@Module({
  imports: [
    TypeOrmModule.forFeature([MailOutbox, MailCap]),
    SmtpCatcherModule,
    MailerModule.forRootAsync({
      imports: [SmtpCatcherModule],
      inject: [AppConfig, SmtpCatcher],
      useFactory: mailerOptions,
    }),
  ],
  controllers: [InboxController],
  providers: [
    { provide: OUTBOX_SETTINGS, inject: [AppConfig], useFactory: outboxSettingsFrom },
    MailRenderer,
    MailSender,
    OutboxWorker,
    OutboxService,
    DevInboxGuard,
  ],
  exports: [OutboxService],
})
export class MailModule {}
