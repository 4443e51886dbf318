import { HttpStatus, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { recordActivity } from '../common/events/security-activity.event';
import { DEFAULT_LOCALE, type Locale } from '../common/locale/locale';
import { logSecurityEvent } from '../common/logging/security-events';
import { ProblemException } from '../common/problem/problem';
import { AppConfig } from '../config/app-config';
import { OutboxService } from '../mail/outbox.service';
import { isUniqueViolation } from '../database/unique-violation';
import { UserProfileDto } from '../users/dto/user-profile.dto';
import { User, USERS_EMAIL_INDEX } from '../users/user.entity';
import { nicknameTaken, UsersService } from '../users/users.service';
import { emailTaken, EmailChangeService } from './account/email-change.service';
import { EmailConfirmationPreviewDto } from './dto/auth-responses.dto';
import { LoginDto } from './dto/login.dto';
import { MagicLinkMail } from './magic-link/magic-link-mail';
import { MfaRequiredDto } from './mfa/dto/mfa.dto';
import { MfaChallenges } from './mfa/mfa-challenges';
import { SignUpDto } from './dto/sign-up.dto';
import { invalidToken } from './email-confirmation.problems';
import { CredentialsVerifier } from './password/credentials-verifier';
import { PasswordHasher } from './password/password-hasher';
import { assertAcceptablePassword } from './password/password-policy';
import { AuthMethod } from './sessions/auth-methods';
import {
  AuthenticatedSession,
  ClientInfo,
  SessionGrant,
  SessionsService,
  SignInGrant,
} from './sessions/sessions.service';
import { invalidRefreshToken } from './sessions/sessions.problems';
import { AccessTokens, IssuedAccessToken } from './tokens/access-tokens';
import { OneTimeToken, TokenPurpose } from './tokens/one-time-token.entity';
import { OneTimeTokensService } from './tokens/one-time-tokens.service';
import { spaLink } from './tokens/spa-link';

const CONFIRM_EMAIL_TTL_SECONDS = 24 * 3600;
/** Both kinds of link that open the SPA's confirm-email page prove that the mailbox is the user's. */
const EMAIL_LINK_PURPOSES: readonly TokenPurpose[] = ['confirm-email', 'change-email'];

export type SignedIn = SessionGrant & IssuedAccessToken;
/**
 * A sign-in (not a refresh) also hands the client a device token, the proof that it signed in here before, and
 * says whether the device is new to the account.
 */
export type FreshSignIn = SignInGrant & IssuedAccessToken;
/** A sign-in's first step may end in a second step (two-step verification) instead of a session. */
export type FirstStepResult<T> = T | MfaRequiredDto;

const invalidCredentials = () =>
  new ProblemException(
    HttpStatus.UNAUTHORIZED,
    'INVALID_CREDENTIALS',
    'The email address or password is wrong.',
  );

/** Sign-up, email confirmation and the ways into and out of a session. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokens,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly outbox: OutboxService,
    private readonly emailChange: EmailChangeService,
    private readonly credentials: CredentialsVerifier,
    private readonly magicLinkMail: MagicLinkMail,
    private readonly mfaChallenges: MfaChallenges,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Creates the account and mails a confirmation link, or, when the address is taken, mails its owner a
   * notice. Both paths hash the password (if any) and write the outbox, so neither answer nor timing tells
   * them apart. Without a password the account's first mail is a "confirm and sign in" magic link bound to
   * `codeChallenge` (docs/architecture.md, One-time secrets and codes); a taken address gets the same notice.
   */
  async signUp(
    { email, password, nickname, codeChallenge }: SignUpDto,
    locale: Locale = DEFAULT_LOCALE,
  ): Promise<void> {
    if (password !== undefined) {
      assertAcceptablePassword(password, { minLength: this.config.passwordMinLength, email, nickname });
    }
    if (nickname !== undefined && (await this.users.isNicknameTaken(nickname))) throw nicknameTaken();
    const passwordHash = password === undefined ? null : await this.hasher.hash(password);

    await this.dataSource.transaction(async (manager) => {
      const user = await this.users.createUnlessEmailTaken(manager, {
        email,
        passwordHash,
        nickname,
        locale,
      });
      if (!user) return this.sendAlreadyRegisteredNotice(manager, email, locale);
      const method = codeChallenge === undefined ? 'password' : 'magic_link';
      await recordActivity(this.events, manager, {
        type: 'account.signed_up',
        subjectId: user.id,
        details: { method },
      });
      if (codeChallenge !== undefined) await this.magicLinkMail.send(manager, user, codeChallenge, 'sign-up');
      else await this.sendConfirmation(manager, user);
    });
  }

  /**
   * Consumes a confirmation or email-change token. The account is confirmed (never made admin: see
   * UsersService.promoteAdminEmail); an email change moves it to the new address first. 409 EMAIL_TAKEN
   * when another account took that address after the link was sent; the link is then left unused.
   */
  async confirmEmail(token: string): Promise<UserProfileDto> {
    const user = await this.dataSource
      .transaction(async (manager) => {
        const consumed = await this.oneTimeTokens.consume(manager, token, EMAIL_LINK_PURPOSES);
        const owner = consumed && (await this.lockActiveOwner(manager, consumed));
        if (!owner) throw invalidToken();
        const changes = consumed.purpose === 'change-email';
        if (changes || owner.emailConfirmedAt === null) {
          await recordActivity(this.events, manager, {
            type: changes ? 'account.email_changed' : 'account.email_confirmed',
            subjectId: owner.id,
          });
        }
        if (changes) await this.emailChange.apply(manager, owner, consumed);
        this.users.markEmailConfirmed(owner);
        return manager.save(owner);
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error, USERS_EMAIL_INDEX) ? emailTaken() : error;
      });
    return this.users.profileOf(user);
  }

  /**
   * What the link would confirm, leaving it unused: the page a mailed link opens shows this and confirms
   * only when the person presses its button, so a scanner or a stranger who opens the link confirms nothing
   * (docs/architecture.md, One-time secrets and codes). It names only what the mail told its reader: the
   * address it went to and the nickname; for a change, never the account's current address.
   */
  async previewEmailConfirmation(token: string): Promise<EmailConfirmationPreviewDto> {
    const manager = this.dataSource.manager;
    const found = await this.oneTimeTokens.find(manager, token, EMAIL_LINK_PURPOSES);
    const owner = found && (await manager.findOneBy(User, { id: found.userId, disabledAt: IsNull() }));
    if (!owner) throw invalidToken();
    const { nickname } = owner;
    if (found.purpose === 'confirm-email') return { purpose: 'signup', email: owner.email, nickname };
    return { purpose: 'email-change', email: String(found.payload.newEmail), nickname };
  }

  /**
   * Mails a fresh confirmation link, which replaces the earlier one. At most one per address per minute:
   * a capped request changes nothing, so the link mailed a moment ago keeps working.
   */
  async resendConfirmation(user: User): Promise<void> {
    if (user.emailConfirmedAt) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'EMAIL_ALREADY_CONFIRMED',
        'Your email address is already confirmed.',
      );
    }
    await this.dataSource.transaction(async (manager) => {
      if (await this.outbox.claimCap(manager, user.email, 'confirm-email')) {
        await this.sendConfirmation(manager, user);
      }
    });
  }

  /**
   * `client.deviceToken`: the one this client got at an earlier sign-in, if any (body or cookie). An
   * account with TOTP gets the `mfaRequired` answer instead of a session (docs/architecture.md › Two-step
   * verification).
   */
  async login(
    { email, password, rememberMe = false, tokenDelivery = 'body' }: LoginDto,
    client: ClientInfo,
  ): Promise<FirstStepResult<FreshSignIn>> {
    // One answer for a wrong pair, an unknown address and a locked or disabled account (docs/architecture.md
    // › Passwords, lockout and throttling).
    const verified = await this.credentials.accountFor(email, password, client.deviceToken);
    if (!verified) throw invalidCredentials();
    const { user, deviceId } = verified;
    if (!verified.deviceToken) {
      return this.mfaChallenges.issue(user, { amr: ['pwd'], rememberMe, tokenDelivery, deviceId });
    }
    const signedIn = await this.signIn(user, rememberMe, client, ['pwd'], verified.deviceToken);
    logSecurityEvent({
      event: 'auth.login_succeeded',
      userId: signedIn.user.id,
      sessionId: signedIn.sessionId,
      knownDevice: verified.knownDevice,
    });
    return signedIn;
  }

  /**
   * Starts a session for an account whose holder has just proved who they are by the `amr` methods (RFC
   * 8176 values): every way in ends here, so every session is recent at its start. `issuedDeviceToken`: the
   * device token the flow already made, if any (SessionsService.start).
   */
  async signIn(
    user: User,
    rememberMe: boolean,
    client: ClientInfo,
    amr: AuthMethod[],
    issuedDeviceToken?: string,
  ): Promise<FreshSignIn> {
    return this.signedIn(await this.sessions.start(user, rememberMe, client, amr, issuedDeviceToken));
  }

  async refresh(refreshToken: string | undefined, client: ClientInfo): Promise<SignedIn> {
    const grant = refreshToken ? await this.sessions.rotate(refreshToken, client) : undefined;
    if (!grant) throw invalidRefreshToken();
    return this.signedIn(grant);
  }

  /** Ends the session; a second logout of the same session (parallel tabs) records nothing more. */
  async logout({ sessionId, user }: Pick<AuthenticatedSession, 'sessionId' | 'user'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.sessions.revoke(sessionId, manager))) return;
      await recordActivity(this.events, manager, { type: 'auth.signed_out', subjectId: user.id, sessionId });
    });
  }

  profileOf(user: User): UserProfileDto {
    return this.users.profileOf(user);
  }

  /** Locked, so a deletion cannot slip in before the save (which would then insert the row anew). */
  private lockActiveOwner(manager: EntityManager, token: OneTimeToken): Promise<User | null> {
    return manager.findOne(User, {
      where: { id: token.userId, disabledAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** What a client gets for a session just started or refreshed: the grant and its access token. */
  signedIn<Grant extends SessionGrant>(grant: Grant): Grant & IssuedAccessToken {
    return { ...grant, ...this.accessTokens.issue(grant.user.id, grant.sessionId, grant.amr) };
  }

  private async sendConfirmation(manager: EntityManager, user: User): Promise<void> {
    const { token, expiresAt } = await this.oneTimeTokens.issue(
      manager,
      user.id,
      'confirm-email',
      CONFIRM_EMAIL_TTL_SECONDS,
    );
    await this.outbox.enqueue(manager, {
      to: user.email,
      template: 'confirm-email',
      data: {
        nickname: user.nickname,
        confirmUrl: spaLink(this.config.publicUrl, 'confirm-email', token),
        expiresInHours: CONFIRM_EMAIL_TTL_SECONDS / 3600,
        // Only a reset promotes (UsersService.promoteAdminEmail), so the owner is told to do one.
        ...(this.users.isAdminEmail(user.email) && {
          adminSetupUrl: `${this.config.publicUrl}/forgot-password`,
        }),
      },
      userId: user.id,
      expiresAt,
    });
  }

  /** In the owner's language; `locale` (the asker's) only if the account went away meanwhile. */
  private async sendAlreadyRegisteredNotice(
    manager: EntityManager,
    email: string,
    locale: Locale,
  ): Promise<void> {
    await this.outbox.enqueueCapped(manager, {
      to: email,
      locale,
      template: 'email-already-registered',
      data: {
        loginUrl: `${this.config.publicUrl}/login`,
        resetUrl: `${this.config.publicUrl}/forgot-password`,
      },
    });
  }
}
