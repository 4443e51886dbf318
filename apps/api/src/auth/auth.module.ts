import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { User } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { AccountDeletionService } from './account/account-deletion.service';
import { AccountController } from './account/account.controller';
import { EmailChangeCancelController } from './account/email-change-cancel.controller';
import { EmailChangeCancelService } from './account/email-change-cancel.service';
import { EmailChangeService } from './account/email-change.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MagicLinkController } from './magic-link/magic-link.controller';
import { MagicLinkMail } from './magic-link/magic-link-mail';
import { MagicLinkService } from './magic-link/magic-link.service';
import { AuthExportListener } from './account/account-export.listener';
import { SignInReply } from './sign-in-reply';
import { AccountStateGuard } from './guards/account-state.guard';
import { SessionAuthGuard } from './guards/session-auth.guard';
import { PasswordChangeController } from './password/password-change.controller';
import { PasswordChangeService } from './password/password-change.service';
import { CurrentPasswordCheck } from './lockout/current-password-check';
import { DeviceCookie } from './lockout/device-cookie';
import { ReauthMethods } from './reauth/reauth-methods';
import { RecentAuthCheck, RecentAuthGuard } from './reauth/recent-auth';
import { ReauthenticationController } from './reauth/reauthentication.controller';
import { ReauthenticationService } from './reauth/reauthentication.service';
import { SensitiveChangeCheck } from './reauth/sensitive-change-check';
import { LoginLockout } from './lockout/login-lockout';
import { CredentialsVerifier } from './password/credentials-verifier';
import { PasswordHasher } from './password/password-hasher';
import { PasswordResetController } from './password/password-reset.controller';
import { PasswordResetService } from './password/password-reset.service';
import { Session } from './sessions/session.entity';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsModule } from './sessions/sessions.module';
import { UserSessionsService } from './sessions/user-sessions.service';
import { AccessTokenVerifier } from './tokens/access-token-verifier';
import { AccessTokens } from './tokens/access-tokens';
import { WellKnownController } from './well-known/well-known.controller';
import { OneTimeCodesService } from './tokens/one-time-codes.service';
import { OneTimeToken } from './tokens/one-time-token.entity';
import { OneTimeTokensService } from './tokens/one-time-tokens.service';
import { Passkey } from './passkeys/passkey.entity';
import { PasskeyCeremoniesController } from './passkeys/passkey-ceremonies.controller';
import { PasskeySignInService } from './passkeys/passkey-sign-in.service';
import { PasskeysController } from './passkeys/passkeys.controller';
import { PasskeysRepository } from './passkeys/passkeys.repository';
import { PasskeysService } from './passkeys/passkeys.service';
import { WebAuthnChallenge } from './passkeys/webauthn-challenge.entity';
import { WebAuthnChallenges } from './passkeys/webauthn-challenges';
import { MfaChallenges } from './mfa/mfa-challenges';
import { MfaSignInController } from './mfa/mfa-sign-in.controller';
import { MfaSignInService } from './mfa/mfa-sign-in.service';
import { MfaController } from './mfa/mfa.controller';
import { MfaResetModule } from './mfa/mfa-reset.module';
import { MfaService } from './mfa/mfa.service';
import { RecoveryCode } from './mfa/recovery-code.entity';
import { SecretBox } from './mfa/secret-box';
import { TotpCredential } from './mfa/totp-credential.entity';

/**
 * Sign-up, confirmation, magic links, passkeys, two-step verification, password reset and change, sessions and tokens, and the
 * account changes that need them (email, deletion); its guards protect every route of the app
 * (docs/architecture.md › Account states and guards / Tokens and sessions).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      OneTimeToken,
      Session,
      User,
      Passkey,
      WebAuthnChallenge,
      TotpCredential,
      RecoveryCode,
    ]),
    SessionsModule,
    UsersModule,
    MfaResetModule,
    MailModule,
  ],
  controllers: [
    WellKnownController,
    AuthController,
    AccountController,
    SessionsController,
    PasswordResetController,
    PasswordChangeController,
    EmailChangeCancelController,
    ReauthenticationController,
    PasskeyCeremoniesController,
    PasskeysController,
    MagicLinkController,
    MfaController,
    MfaSignInController,
  ],
  providers: [
    AuthService,
    SignInReply,
    AuthExportListener,
    MagicLinkService,
    MagicLinkMail,
    OneTimeTokensService,
    OneTimeCodesService,
    PasswordResetService,
    PasswordChangeService,
    AccessTokens,
    PasswordHasher,
    LoginLockout,
    DeviceCookie,
    CurrentPasswordCheck,
    CredentialsVerifier,
    AccessTokenVerifier,
    EmailChangeService,
    EmailChangeCancelService,
    AccountDeletionService,
    UserSessionsService,
    ReauthMethods,
    RecentAuthCheck,
    SensitiveChangeCheck,
    ReauthenticationService,
    PasskeysRepository,
    PasskeysService,
    PasskeySignInService,
    WebAuthnChallenges,
    SecretBox,
    MfaService,
    MfaChallenges,
    MfaSignInService,
    // Order matters: the session is found first, then its account state and how recently it signed in.
    { provide: APP_GUARD, useClass: SessionAuthGuard },
    { provide: APP_GUARD, useClass: AccountStateGuard },
    { provide: APP_GUARD, useClass: RecentAuthGuard },
  ],
})
export class AuthModule {}
