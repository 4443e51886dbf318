import { Module } from '@nestjs/common';
import { MailModule } from '../../mail/mail.module';
import { MfaNotices } from './mfa-notices';
import { MfaReset } from './mfa-reset';
import { MfaRepository } from './mfa.repository';

/**
 * The part of two-step verification the admin's account changes need too (UsersModule), without the rest of
 * AuthModule.
 */
@Module({
  imports: [MailModule],
  providers: [MfaRepository, MfaNotices, MfaReset],
  exports: [MfaRepository, MfaNotices, MfaReset],
})
export class MfaResetModule {}
