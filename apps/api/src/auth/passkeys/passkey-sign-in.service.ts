import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { DataSource } from 'typeorm';
import { logSecurityEvent } from '../../common/logging/security-events';
import { AppConfig } from '../../config/app-config';
import { User } from '../../users/user.entity';
import { AuthService, SignedIn } from '../auth.service';
import { AuthMethod } from '../sessions/auth-methods';
import { ClientInfo } from '../sessions/sessions.service';
import { CeremonyOptionsDto, PasskeyAssertionDto, PasskeySignInDto } from './dto/passkey.dto';
import { PasskeysRepository } from './passkeys.repository';
import { passkeySignInFailed } from './passkeys.problems';
import { PasskeysService } from './passkeys.service';
import { CHALLENGE_TTL_SECONDS, WebAuthnChallenges } from './webauthn-challenges';
import { loadWebAuthn } from './load-webauthn';

/** A verified answer: whose passkey it was, and the `amr` it proves. */
interface VerifiedAssertion {
  user: User;
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

  /** Answers like a password sign-in; every failure is the same 401 INVALID_CREDENTIALS. */
  async signIn(body: PasskeySignInDto, client: ClientInfo): Promise<SignedIn> {
    const { user, amr } = await this.verify(body).catch((error: unknown) => {
      logSecurityEvent({ event: 'auth.passkey_login_failed' });
      throw error;
    });
    const signedIn = await this.auth.signIn(user, body.rememberMe ?? false, client, amr);
    logSecurityEvent({
      event: 'auth.passkey_login_succeeded',
      userId: user.id,
      sessionId: signedIn.sessionId,
    });
    return signedIn;
  }

  /**
   * For re-authentication: the `amr` of a valid answer from one of `user`'s own passkeys to a challenge from
   * the authentication options; undefined for anything else (the caller chooses its refusal).
   */
  async verifyAssertionOf(user: User, body: PasskeyAssertionDto): Promise<AuthMethod[] | undefined> {
    const verified = await this.verify(body).catch(() => undefined);
    return verified?.user.id === user.id ? verified.amr : undefined;
  }

  private async verify({ challengeId, response }: PasskeyAssertionDto): Promise<VerifiedAssertion> {
    const challenge = await this.challenges.consume(challengeId, 'authentication', null);
    const found = challenge && (await this.passkeys.findForSignIn(response.id));
    if (!found) throw passkeySignInFailed();
    const { passkey, user } = found;
    // The handle the authenticator stored at registration must name the passkey's own account.
    const handle = response.response.userHandle;
    if (handle !== undefined && Buffer.from(handle, 'base64url').toString('utf8') !== user.id) {
      throw passkeySignInFailed();
    }
    const { verifyAuthenticationResponse } = await loadWebAuthn();
    const verification = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: [...this.config.webauthn.origins],
      expectedRPID: this.config.webauthn.rpId,
      // The counter is checked by the conditional update below, after the signature, so that only a
      // genuine signature with a counter gone back counts as a clone (and mails the owner).
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: 0 },
      requireUserVerification: true,
    }).catch(() => undefined);
    if (!verification?.verified) throw passkeySignInFailed();

    const { newCounter, credentialBackedUp, credentialDeviceType } = verification.authenticationInfo;
    if (!(await this.passkeys.recordUse(passkey, newCounter, credentialBackedUp))) {
      logSecurityEvent({ event: 'auth.passkey_counter_regression', userId: user.id, passkeyId: passkey.id });
      await this.notices.notify(
        this.dataSource.manager,
        user,
        'passkey-counter-regression',
        passkey.name,
        true,
      );
      throw passkeySignInFailed();
    }
    // User verification makes a passkey two factors on its own: something held and something known or
    // been (RFC 8176 `mfa`); `swk` for a synced passkey, `hwk` for one bound to its authenticator.
    return { user, amr: [credentialDeviceType === 'multiDevice' ? 'swk' : 'hwk', 'mfa'] };
  }
}
