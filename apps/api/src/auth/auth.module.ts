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
import { PasswordHasher } from './password/password-hasher';
import { SessionsModule } from './sessions/sessions.module';
import { AccessTokens } from './tokens/access-tokens';
import { OneTimeToken } from './tokens/one-time-token.entity';
import { OneTimeTokensService } from './tokens/one-time-tokens.service';

/** Sign-up, confirmation, sessions and tokens; its guards protect every route of the app (DESIGN §1, §5). */
@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature([OneTimeToken]),
    SessionsModule,
    UsersModule,
    MailModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    OneTimeTokensService,
    AccessTokens,
    PasswordHasher,
    JwtStrategy,
    // Order matters: the session is found first, then its account state is checked.
    { provide: APP_GUARD, useClass: SessionAuthGuard },
    { provide: APP_GUARD, useClass: AccountStateGuard },
  ],
})
export class AuthModule {}
