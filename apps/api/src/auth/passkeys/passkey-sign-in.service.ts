import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthenticationResponseJSON, VerifiedAuthenticationResponse } from '@simplewebauthn/server';
import { DataSource } from 'typeorm';
import { logSecurityEvent } from '../../common/logging/security-events';
import { AppConfig } from '../../config/app-config';
import { User } from '../../users/user.entity';
import { AuthService, FreshSignIn } from '../auth.service';
import { AuthMethod } from '../sessions/auth-methods';
import { PlannedSession } from '../sessions/session-start';
import { ClientInfo, SessionsService, SignInGrant } from '../sessions/sessions.service';
import { CeremonyOptionsDto, PasskeyAssertionDto, PasskeySignInDto } from './dto/passkey.dto';
import { PasskeyAnswering, PasskeysRepository, RecordedUse } from './passkeys.repository';
import { passkeySignInFailed } from './passkeys.problems';
import { PasskeysService } from './passkeys.service';
import { CHALLENGE_TTL_SECONDS, challengeMatching, WebAuthnChallenges } from './webauthn-challenges';
import { loadWebAuthn } from './load-webauthn';

/** A good answer: whose passkey it was, the use to record, and the `amr` it proves. */
interface CheckedAssertion extends PasskeyAnswering {
  use: { counter: number; backedUp: boolean };
  amr: AuthMethod[];
}

/**
 * Discoverable passkey sign-in (no address asked: the authenticator offers the account's passkeys) and the
 * verification that re-authentication reuses. No password hashing on this path: a passkey sign-in costs a
 * few reads and one signature check (docs/architecture.md, Passkeys).
 */
@Injectable()
export class PasskeySignInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly passkeys: PasskeysRepository,
    private readonly challenges: WebAuthnChallenges,
    private readonly notices: PasskeysService,
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  /** Options for navigator.credentials.get(): any of this site's passkeys, user verification required. */
  async authenticationOptions(): Promise<CeremonyOptionsDto> {
    const { challengeId, challenge } = await this.challenges.issue('authentication', null);
    const { generateAuthenticationOptions } = await loadWebAuthn();
    const options = await generateAuthenticationOptions({
      rpID: this.config.webauthn.rpId,
      challenge,
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      userVerification: 'required',
    });
    return { challengeId, options: { ...options } };
  }

  /**
   * Answers like a password sign-in; every failure is the same 401 INVALID_CREDENTIALS. The session starts in
   * the statement that spends the challenge and records the counter (PasskeysRepository.recordUse).
   */
  async signIn(body: PasskeySignInDto, client: ClientInfo): Promise<FreshSignIn> {
    const session = await this.answerAndSession(body, client).catch((error: unknown) => {
      logSecurityEvent({ event: 'auth.passkey_login_failed' });
      throw error;
    });
    logSecurityEvent({
      event: 'auth.passkey_login_succeeded',
      userId: session.user.id,
      sessionId: session.sessionId,
    });
    return this.auth.signedIn(session);
  }

  /** The session a checked answer started, with the use recorded; throws the 401 for any bad answer. */
  private async answerAndSession(body: PasskeySignInDto, client: ClientInfo): Promise<SignInGrant> {
    const answer = await this.check(body, 'sign-in');
    const plan = this.sessions.plan(answer.user, body.rememberMe ?? false, client, answer.amr);
    const { newDevice } = await this.record(body.challengeId, answer, plan);
    return { ...plan.grant, newDevice };
  }

  /**
   * For re-authentication: the `amr` of a valid answer from one of `user`'s own passkeys to a challenge from
   * the authentication options; undefined for anything else (the caller chooses its refusal).
   */
  async verifyAssertionOf(user: User, body: PasskeyAssertionDto): Promise<AuthMethod[] | undefined> {
    const answer = await this.check(body, 'reauthentication').catch(() => undefined);
    if (!answer) return undefined;
    if (answer.user.id !== user.id) {
      // Another account's good answer is a bad one here: spent like every bad answer.
      await this.challenges.consume(body.challengeId, 'authentication', null);
      return undefined;
    }
    const recorded = await this.record(body.challengeId, answer).then(
      () => true,
      () => false,
    );
    return recorded ? answer.amr : undefined;
  }

  /**
   * Checks an answer against the live challenge and the passkey it names, changing nothing when it is good;
   * a bad one spends the challenge, so that no answer is ever checked twice against one challenge.
   */
  private async check(
    { challengeId, response }: PasskeyAssertionDto,
    purpose: 'sign-in' | 'reauthentication',
  ): Promise<CheckedAssertion> {
    const answer = await this.passkeys.findAnswering(challengeId, response.id);
    const verification = answer && (await this.verifySignature(answer, response));
    if (!answer || !verification?.verified) {
      await this.refuse(challengeId, purpose === 'sign-in' ? answer : undefined);
      throw passkeySignInFailed();
    }
    const { newCounter, credentialBackedUp, credentialDeviceType } = verification.authenticationInfo;
    return {
      ...answer,
      use: { counter: newCounter, backedUp: credentialBackedUp },
      // User verification makes a passkey two factors on its own: something held and something known or
      // been (RFC 8176 `mfa`); `swk` for a synced passkey, `hwk` for one bound to its authenticator.
      amr: [credentialDeviceType === 'multiDevice' ? 'swk' : 'hwk', 'mfa'],
    };
  }

  /**
   * Spends a refused answer's challenge. A refused sign-in that named one of an account's passkeys is a
   * failed sign-in of a known account: its activity row is written with the spending, once per live challenge.
   */
  private async refuse(challengeId: string, known: PasskeyAnswering | undefined): Promise<void> {
    if (!known) {
      await this.challenges.consume(challengeId, 'authentication', null);
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.challenges.consume(challengeId, 'authentication', null, manager))) return;
      await this.notices.record(manager, 'auth.sign_in_failed', known.user, known.passkey, {
        method: 'passkey',
        reason: 'invalid_passkey_answer',
      });
    });
  }

  private async verifySignature(
    { passkey, user, challengeHash }: PasskeyAnswering,
    response: PasskeyAssertionDto['response'],
  ): Promise<VerifiedAuthenticationResponse | undefined> {
    // The handle the authenticator stored at registration must name the passkey's own account.
    const handle = response.response.userHandle;
    if (handle !== undefined && Buffer.from(handle, 'base64url').toString('utf8') !== user.id)
      return undefined;
    const { verifyAuthenticationResponse } = await loadWebAuthn();
    return verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: challengeMatching(challengeHash),
      expectedOrigin: [...this.config.webauthn.origins],
      expectedRPID: this.config.webauthn.rpId,
      // The counter is checked by the conditional update in recordUse, after the signature, so that only a
      // genuine signature with a counter gone back counts as a clone (and mails the owner).
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: 0 },
      requireUserVerification: true,
    }).catch(() => undefined);
  }

  /** Spends the challenge and records the use (and starts the session, if any), or refuses. */
  private async record(
    challengeId: string,
    answer: CheckedAssertion,
    session?: PlannedSession,
  ): Promise<RecordedUse> {
    const { passkey, user } = answer;
    const recorded = await this.passkeys.recordUse(challengeId, passkey, answer.use, session);
    if (recorded.use === 'recorded') return recorded;
    if (recorded.use === 'counter-went-back') {
      logSecurityEvent({ event: 'auth.passkey_counter_regression', userId: user.id, passkeyId: passkey.id });
      await this.dataSource.transaction(async (manager) => {
        await this.notices.record(manager, 'account.passkey_counter_regression', user, passkey);
        await this.notices.notify(manager, user, 'passkey-counter-regression', passkey.name, true);
      });
    }
    throw passkeySignInFailed();
  }
}
