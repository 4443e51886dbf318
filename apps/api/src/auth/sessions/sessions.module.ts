import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RefreshCookie } from './refresh-cookie';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

/**
 * Sessions on their own, so that modules AuthModule depends on (users: disabling an account) can end
 * sessions too without a circular import.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Session, RefreshToken])],
  providers: [SessionsService, RefreshCookie],
  exports: [SessionsService, RefreshCookie],
})
export class SessionsModule {}
