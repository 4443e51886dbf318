import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { User } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AccountStateGuard } from './guards/account-state.guard';
import { JwtStrategy } from './guards/jwt.strategy';
import { SessionAuthGuard } from './guards/session-auth.guard';
import { LoginLockout } from './lockout/login-lockout';
import { CredentialsVerifier } from './password/credentials-verifier';
import { PasswordHasher } from './password/password-hasher';
import { RefreshToken } from './sessions/refresh-token.entity';
import { Session } from './sessions/session.entity';
import { SessionsService } from './sessions/sessions.service';
import { AccessTokens } from './tokens/access-tokens';
import { OneTimeToken } from './tokens/one-time-token.entity';
import { OneTimeTokensService } from './tokens/one-time-tokens.service';

/** Sign-up, confirmation, sessions and tokens; its guards protect every route of the app (DESIGN §1, §5). */
@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature([Session, RefreshToken, OneTimeToken, User]),
    UsersModule,
    MailModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionsService,
    OneTimeTokensService,
    AccessTokens,
    PasswordHasher,
    LoginLockout,
    CredentialsVerifier,
    JwtStrategy,
    // Order matters: the session is found first, then its account state is checked.
    { provide: APP_GUARD, useClass: SessionAuthGuard },
    { provide: APP_GUARD, useClass: AccountStateGuard },
  ],
})
export class AuthModule {}
