import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { problemException } from '../../common/problem/api-problems.decorator';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../../mail/outbox.service';
import type { User } from '../../users/user.entity';
import { CurrentPasswordCheck } from '../lockout/current-password-check';
import { MfaService } from '../mfa/mfa.service';
import { PasskeySignInService } from '../passkeys/passkey-sign-in.service';
import type { AuthMethod } from '../sessions/auth-methods';
import { AuthenticatedSession, SessionsService } from '../sessions/sessions.service';
import { OneTimeCodesService } from '../tokens/one-time-codes.service';
import { OneTimeTokensService } from '../tokens/one-time-tokens.service';
import { proofKindsIn, REAUTH_PROOFS, ReauthenticateDto, ReauthProofKind } from './reauthenticate.dto';
import { ReauthMethod, ReauthMethods } from './reauth-methods';
import {
  INVALID_PASSKEY_ASSERTION_PROBLEM,
  INVALID_REAUTH_CODE_PROBLEM,
  reauthMethodUnavailable,
} from './reauth.problems';

/**
 * The mailed re-authentication code lives 10 minutes, like the reset code (docs/architecture.md › Tokens and
 * sessions).
 */
export const REAUTH_CODE_TTL_SECONDS = 10 * 60;
const REAUTH_CODE_PURPOSE = 'reauth-email-code';

/**
 * Returns what the proof adds to the session's `amr` when it is right for the session's account; throws the
 * problem to answer otherwise.
 */
type ProofVerifier = (session: AuthenticatedSession, body: ReauthenticateDto) => Promise<AuthMethod[]>;

/**
 * POST /auth/reauthenticate and its mailed code: a signed-in person proves again who they are, and the
 * session counts as recently authenticated (RECENT_AUTH_WINDOW) for the sensitive routes
 * (docs/architecture.md, Tokens and sessions).
 */
@Injectable()
export class ReauthenticationService {
  /** One verifier per entry of REAUTH_PROOFS. */
  private readonly verifiers: Record<ReauthProofKind, ProofVerifier>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly methods: ReauthMethods,
    private readonly sessions: SessionsService,
    private readonly currentPasswordCheck: CurrentPasswordCheck,
    private readonly codes: OneTimeCodesService,
    private readonly tokens: OneTimeTokensService,
    private readonly outbox: OutboxService,
    private readonly passkeys: PasskeySignInService,
    private readonly mfa: MfaService,
  ) {
    this.verifiers = {
      // A wrong password counts as a wrong current password does: toward the session's five and the lockout.
      password: async (session, { password }) => {
        await this.currentPasswordCheck.assert(session, password!, 'password');
        return ['pwd'];
      },
      emailCode: async (session, { emailCode }) => {
        await this.spendMailedCode(session.user, emailCode!);
        return ['email'];
      },
      response: (session, body) => this.checkPasskey(session.user, body),
      // A wrong TOTP code is limited like a wrong password: a stolen session must not get to guess codes.
      code: async (session, { code }) => {
        const isRight = () => this.mfa.spendTotpCode(session.user, code!);
        await this.currentPasswordCheck.assertGuess(session, isRight, INVALID_REAUTH_CODE_PROBLEM, 'code');
        return ['otp'];
      },
    };
  }

  /** Checks the one proof of the body and marks the session recent, adding the proof's method to its amr. */
  async reauthenticate(session: AuthenticatedSession, body: ReauthenticateDto): Promise<void> {
    const [kind] = proofKindsIn(body);
    await this.assertAvailable(session.user, REAUTH_PROOFS[kind]);
    const amr = await this.verifiers[kind](session, body);
    await this.sessions.markRecentlyAuthenticated(session.sessionId, amr);
  }

  /**
   * Mails a 6-digit code to the account's address, replacing an earlier one. Within a minute of the last
   * such mail (or past the hourly cap) nothing is sent and the earlier code keeps working
   * (docs/architecture.md › Passwords, lockout and throttling).
   */
  async mailCode({ user }: AuthenticatedSession): Promise<void> {
    await this.assertAvailable(user, 'email_code');
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.outbox.claimCap(manager, user.email, 'reauth-code'))) return;
      const { code, expiresAt } = await this.codes.issue(
        manager,
        user.id,
        REAUTH_CODE_PURPOSE,
        REAUTH_CODE_TTL_SECONDS,
      );
      await this.outbox.enqueue(manager, {
        to: user.email,
        template: 'reauth-code',
        data: {
          nickname: user.nickname,
          code: code ?? '',
          expiresInMinutes: REAUTH_CODE_TTL_SECONDS / 60,
          sessionsUrl: `${this.config.publicUrl}/profile/sessions`,
        },
        userId: user.id,
        expiresAt,
      });
    });
  }

  /** 403 REAUTH_METHOD_UNAVAILABLE, naming the methods that would do, unless the account has `method`. */
  private async assertAvailable(user: User, method: ReauthMethod): Promise<void> {
    const available = await this.methods.of(user);
    if (!available.includes(method)) throw reauthMethodUnavailable(available);
  }

  /**
   * The `amr` of a valid answer from one of the account's own passkeys. Any failure, another account's
   * passkey included, is one 400: the challenge is spent either way, so a replay fails too.
   */
  private async checkPasskey(
    user: User,
    { challengeId, response }: ReauthenticateDto,
  ): Promise<AuthMethod[]> {
    const amr = await this.passkeys.verifyAssertionOf(user, {
      challengeId: challengeId!,
      response: response!,
    });
    if (!amr) throw problemException(INVALID_PASSKEY_ASSERTION_PROBLEM, 'response');
    return amr;
  }

  /**
   * Spends the account's live code if `code` is it. A wrong code is one of the code's five tries
   * (OneTimeCodesService.check); of parallel requests with the right one, exactly one wins.
   */
  private async spendMailedCode(user: User, code: string): Promise<void> {
    const secret = await this.codes.check(user.id, REAUTH_CODE_PURPOSE, code);
    const spent =
      secret &&
      (await this.dataSource.transaction(async (manager) => {
        if (!(await this.tokens.consumeFound(manager, secret))) return false;
        // The mailbox is proven, so earlier typos do not shorten the tries of the next code.
        await this.codes.retire(manager, user.id, REAUTH_CODE_PURPOSE);
        return true;
      }));
    if (!spent) throw problemException(INVALID_REAUTH_CODE_PROBLEM, 'emailCode');
  }
}
