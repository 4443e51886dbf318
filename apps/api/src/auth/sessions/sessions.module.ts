import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../../mail/mail.module';
import { DeviceTokens } from '../lockout/device-tokens';
import { KnownDevices } from './known-devices';
import { RefreshCookie } from './refresh-cookie';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

/**
 * Sessions on their own, so that modules AuthModule depends on (users: disabling an account) can end
 * sessions too without a circular import. Starting one recognises the device (KnownDevices, DeviceTokens).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Session, RefreshToken]), MailModule],
  providers: [SessionsService, RefreshCookie, KnownDevices, DeviceTokens],
  exports: [SessionsService, RefreshCookie, KnownDevices, DeviceTokens],
})
export class SessionsModule {}
