import { Module } from '@nestjs/common';
import { SmtpCatcher } from './smtp-catcher';

/** Its own module so the mailer's async factory and the inbox share one catcher instance. */
@Module({ providers: [SmtpCatcher], exports: [SmtpCatcher] })
export class SmtpCatcherModule {}
