import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { recordActivity } from '../../common/events/security-activity.event';
import { logSecurityEvent } from '../../common/logging/security-events';
import { OutboxService } from '../../mail/outbox.service';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { AuthService, FirstStepResult, FreshSignIn } from '../auth.service';
import { MfaChallenges } from '../mfa/mfa-challenges';
import { ClientInfo, SessionsService } from '../sessions/sessions.service';
import { OneTimeToken } from '../tokens/one-time-token.entity';
import { OneTimeCodesService } from '../tokens/one-time-codes.service';
import { OneTimeTokensService } from '../tokens/one-time-tokens.service';
import { MagicLinkMail } from './magic-link-mail';
import { RequestMagicLinkDto, VerifyMagicLinkDto } from './magic-link.dto';
import { invalidMagicLink } from './magic-link.problems';
import { answersChallenge } from './pkce';

/** The mailed secret a verify brought (link or code, unused yet) and its account. */
interface MagicLinkProof {
  secret: OneTimeToken;
  user: User;
}

/**
 * Signing in by a link or code mailed to the account's address, bound by PKCE to the client that asked
 * (docs/architecture.md, One-time secrets and codes).
 */
@Injectable()
export class MagicLinkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly tokens: OneTimeTokensService,
    private readonly codes: OneTimeCodesService,
    private readonly mail: MagicLinkMail,
    private readonly outbox: OutboxService,
    private readonly mfaChallenges: MfaChallenges,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Mails a link and code to the account of `email`, replacing earlier ones. Known and unknown addresses
   * run the same lookup and claim the same per-address mail slot, so neither the answer nor the queries
   * up to the mail tell them apart; a disabled account gets nothing. Within a minute of the last mail
   * nothing changes, so the link mailed a moment ago keeps working.
   */
  async request({ email, codeChallenge }: RequestMagicLinkDto): Promise<void> {
    const found = await this.users.findByEmail(email);
    const account = found && !found.disabledAt ? found : undefined;
    await this.dataSource.transaction(async (manager) => {
      const mayMail = await this.outbox.claimCap(manager, email, 'magic-link');
      if (mayMail && account) await this.mail.send(manager, account, codeChallenge, 'sign-in');
    });
  }

  /**
   * Signs in whoever brings the link's token, or the address and the code, together with the verifier of
   * the challenge that asked for them. A wrong verifier or code is one of the secret's 5 tries. Of racing
   * verifies of one secret exactly one signs in; the other half of the mail dies with it. An account with
   * TOTP gets the `mfaRequired` answer instead of a session (docs/architecture.md › Two-step verification).
   */
  async verify(body: VerifyMagicLinkDto, client: ClientInfo): Promise<FirstStepResult<FreshSignIn>> {
    const { token, email, code, codeVerifier, rememberMe = false, tokenDelivery = 'body' } = body;
    const proof =
      token !== undefined
        ? await this.proofByLink(token, codeVerifier)
        : await this.proofByCode(email!, code!, codeVerifier);
    if (!proof) throw invalidMagicLink();

    const { user, confirmedNow } = await this.dataSource.transaction(async (manager) => {
      // Locked, so a disable or deletion cannot slip in between the check and the sign-in.
      const owner = await manager.findOne(User, {
        where: { id: proof.user.id, disabledAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!owner || !(await this.tokens.consumeFound(manager, proof.secret))) throw invalidMagicLink();
      await this.tokens.revoke(manager, owner.id, 'magic-link');
      // The mailbox is proven, so earlier typos of the code are forgiven.
      await this.codes.retire(manager, owner.id, 'magic-link-code');
      const unconfirmed = owner.emailConfirmedAt === null;
      if (unconfirmed) await this.claimMailbox(manager, owner);
      return { user: owner, confirmedNow: unconfirmed };
    });

    // Only the mailbox is proven: one factor, `email` (RFC 8176).
    if (user.mfaEnabled) return this.mfaChallenges.issue(user, { amr: ['email'], rememberMe, tokenDelivery });
    const signedIn = await this.auth.signIn(user, rememberMe, client, ['email']);
    logSecurityEvent({
      event: 'auth.magic_link_succeeded',
      userId: user.id,
      sessionId: signedIn.sessionId,
      via: token !== undefined ? 'link' : 'code',
      confirmedNow,
    });
    return signedIn;
  }

  /**
   * The first proof of the mailbox of an account: it is confirmed, and the account becomes the mailbox
   * owner's alone. Whoever signed up with the address before could have been someone else, so the
   * password they chose goes, with every session and pending secret, as at the end of a reset
   * (docs/architecture.md, One-time secrets and codes). The owner may set a password later.
   */
  private async claimMailbox(manager: EntityManager, user: User): Promise<void> {
    await recordActivity(this.events, manager, {
      type: 'account.email_confirmed',
      subjectId: user.id,
      details: { via: 'magic_link' },
    });
    this.users.markEmailConfirmed(user);
    user.passwordHash = null;
    await manager.save(user);
    await this.sessions.revokeAllForUser(user.id, undefined, manager);
    await this.tokens.revoke(manager, user.id);
  }

  private async proofByLink(token: string, codeVerifier: string): Promise<MagicLinkProof | undefined> {
    const manager = this.dataSource.manager;
    const secret = await this.tokens.find(manager, token, 'magic-link');
    if (!secret || !(await this.bindsTo(secret, codeVerifier))) return undefined;
    const user = await manager.findOneBy(User, { id: secret.userId, disabledAt: IsNull() });
    return user ? { secret, user } : undefined;
  }

  /** Unknown address and wrong code get the same answer; only a known address's code counts wrong guesses. */
  private async proofByCode(
    email: string,
    code: string,
    codeVerifier: string,
  ): Promise<MagicLinkProof | undefined> {
    const user = await this.users.findByEmail(email);
    if (!user || user.disabledAt) return undefined;
    const secret = await this.codes.check(user.id, 'magic-link-code', code, (manager) =>
      recordActivity(this.events, manager, {
        type: 'auth.sign_in_failed',
        subjectId: user.id,
        details: { method: 'magic_link', reason: 'wrong_code' },
      }),
    );
    return secret && (await this.bindsTo(secret, codeVerifier)) ? { secret, user } : undefined;
  }

  /** Whether the verifier answers the secret's challenge; a wrong one is counted as a wrong try. */
  private async bindsTo(secret: OneTimeToken, codeVerifier: string): Promise<boolean> {
    if (answersChallenge(codeVerifier, secret.payload.codeChallenge)) return true;
    await this.dataSource.transaction(async (manager) => {
      await this.tokens.countFailure(manager, secret);
      await recordActivity(this.events, manager, {
        type: 'auth.sign_in_failed',
        subjectId: secret.userId,
        details: { method: 'magic_link', reason: 'wrong_verifier' },
      });
    });
    logSecurityEvent({ event: 'auth.magic_link_wrong_verifier', userId: secret.userId });
    return false;
  }
}
