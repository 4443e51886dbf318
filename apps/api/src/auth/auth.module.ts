import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AccountStateGuard } from './guards/account-state.guard';
import { JwtStrategy } from './guards/jwt.strategy';
import { SessionAuthGuard } from './guards/session-auth.guard';
import { PasswordChangeController } from './password/password-change.controller';
import { PasswordChangeService } from './password/password-change.service';
import { PasswordHasher } from './password/password-hasher';
import { PasswordResetController } from './password/password-reset.controller';
import { PasswordResetService } from './password/password-reset.service';
import { RefreshToken } from './sessions/refresh-token.entity';
import { Session } from './sessions/session.entity';
import { SessionsService } from './sessions/sessions.service';
import { AccessTokens } from './tokens/access-tokens';
import { OneTimeCodesService } from './tokens/one-time-codes.service';
import { OneTimeToken } from './tokens/one-time-token.entity';
import { OneTimeTokensService } from './tokens/one-time-tokens.service';

/** Sign-up, confirmation, password reset and change, sessions and tokens; its guards protect every route of the app (DESIGN §1, §5). */
@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature([Session, RefreshToken, OneTimeToken]),
    UsersModule,
    MailModule,
  ],
  controllers: [AuthController, PasswordResetController, PasswordChangeController],
  providers: [
    AuthService,
    SessionsService,
    OneTimeTokensService,
    OneTimeCodesService,
    PasswordResetService,
    PasswordChangeService,
    AccessTokens,
    PasswordHasher,
    JwtStrategy,
    // Order matters: the session is found first, then its account state is checked.
    { provide: APP_GUARD, useClass: SessionAuthGuard },
    { provide: APP_GUARD, useClass: AccountStateGuard },
  ],
})
export class AuthModule {}
