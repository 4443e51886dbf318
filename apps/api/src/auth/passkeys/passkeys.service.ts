import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { DataSource, EntityManager } from 'typeorm';
import { type ActivityDetails, recordActivity } from '../../common/events/security-activity.event';
import { logSecurityEvent } from '../../common/logging/security-events';
import { AppConfig } from '../../config/app-config';
import { MailTemplateName } from '../../mail/mail.types';
import { OutboxService } from '../../mail/outbox.service';
import { User } from '../../users/user.entity';
import { formatUtc } from '../../mail/mail-time';
import { deviceLabel } from '../../common/http/device-label';
import { CeremonyOptionsDto, PasskeyDto, RegisterPasskeyDto, toPasskeyDto } from './dto/passkey.dto';
import { Passkey } from './passkey.entity';
import { PasskeysRepository } from './passkeys.repository';
import {
  MAX_PASSKEYS,
  passkeyNotFound,
  passkeyRegistrationFailed,
  tooManyPasskeys,
} from './passkeys.problems';
import { CHALLENGE_TTL_SECONDS, WebAuthnChallenges } from './webauthn-challenges';
import { loadWebAuthn } from './load-webauthn';

/** ES256, EdDSA, RS256 (docs/architecture.md › Passwordless sign-in). */
export const PASSKEY_ALGORITHMS = [-7, -8, -257];

/** The notices a change to the account's passkeys mails to its owner. */
type PasskeyNotice = Extract<MailTemplateName, `passkey-${string}`>;

/**
 * Adding, listing, renaming and removing an account's passkeys. Registration asks for a discoverable
 * credential with user verification and no attestation; every change mails the owner a notice
 * (docs/architecture.md, Passkeys).
 */
@Injectable()
export class PasskeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly passkeys: PasskeysRepository,
    private readonly challenges: WebAuthnChallenges,
    private readonly outbox: OutboxService,
    private readonly events: EventEmitter2,
  ) {}

  async registrationOptions(user: User): Promise<CeremonyOptionsDto> {
    if (user.passkeyCount >= MAX_PASSKEYS) throw tooManyPasskeys();
    const existing = await this.passkeys.listOf(user.id);
    const { challengeId, challenge } = await this.challenges.issue('registration', user.id);
    const { generateRegistrationOptions } = await loadWebAuthn();
    const options = await generateRegistrationOptions({
      rpName: this.config.productName,
      rpID: this.config.webauthn.rpId,
      userName: user.email,
      userDisplayName: user.nickname,
      // The user handle: the account id, never the address (it is stored on the authenticator).
      userID: new TextEncoder().encode(user.id),
      challenge,
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map(({ credentialId, transports }) => ({ id: credentialId, transports })),
      authenticatorSelection: {
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: 'required',
      },
      supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
    });
    return { challengeId, options: { ...options } };
  }

  /** Verifies the authenticator's answer to this user's registration options and stores the passkey. */
  async register(
    user: User,
    { challengeId, response, name }: RegisterPasskeyDto,
    userAgent: string | undefined,
  ): Promise<PasskeyDto> {
    const challenge = await this.challenges.consume(challengeId, 'registration', user.id);
    if (!challenge) throw passkeyRegistrationFailed();
    const { verifyRegistrationResponse } = await loadWebAuthn();
    const verification = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: [...this.config.webauthn.origins],
      expectedRPID: this.config.webauthn.rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
    }).catch(() => undefined);
    if (!verification?.verified) throw passkeyRegistrationFailed();
    const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;

    const passkey = await this.dataSource.transaction(async (manager) => {
      const added = await this.passkeys.add(manager, user, {
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey),
        counter: credential.counter,
        transports: response.response.transports ?? [],
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
        name: name ?? deviceLabel(userAgent ?? null),
      });
      await this.notify(manager, user, 'passkey-added', added.name);
      await this.record(manager, 'account.passkey_added', user, added);
      return added;
    });
    logSecurityEvent({ event: 'account.passkey_added', userId: user.id, passkeyId: passkey.id });
    return toPasskeyDto(passkey);
  }

  async list(user: User): Promise<PasskeyDto[]> {
    return (await this.passkeys.listOf(user.id)).map(toPasskeyDto);
  }

  async rename(user: User, id: string, name: string): Promise<PasskeyDto> {
    const renamed = await this.dataSource.transaction(async (manager) => {
      const passkey = await this.passkeys.rename(user.id, id, name, manager);
      if (!passkey) throw passkeyNotFound();
      await this.record(manager, 'account.passkey_renamed', user, passkey);
      return passkey;
    });
    return toPasskeyDto(renamed);
  }

  async remove(user: User, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const removed = await this.passkeys.remove(manager, user.id, id);
      if (!removed) throw passkeyNotFound();
      await this.notify(manager, user, 'passkey-removed', removed.name);
      await this.record(manager, 'account.passkey_removed', user, removed);
    });
    logSecurityEvent({ event: 'account.passkey_removed', userId: user.id, passkeyId: id });
  }

  /** The change's activity row, naming the passkey as its owner sees it in the list. */
  async record(
    manager: EntityManager,
    type:
      | 'account.passkey_added'
      | 'account.passkey_renamed'
      | 'account.passkey_removed'
      | 'account.passkey_counter_regression'
      | 'auth.sign_in_failed',
    user: Pick<User, 'id'>,
    { id, name }: Pick<Passkey, 'id' | 'name'>,
    details: ActivityDetails = {},
  ): Promise<void> {
    await recordActivity(this.events, manager, {
      type,
      subjectId: user.id,
      details: { ...details, passkeyId: id, name },
    });
  }

  /**
   * Mails the owner about one of their passkeys, in the transaction of the change when there is one. A
   * refused sign-in is `capped` (once a minute, MAIL_CAP_PER_HOUR an hour), so replays cannot flood a mailbox.
   */
  async notify(
    manager: EntityManager,
    user: Pick<User, 'id' | 'email' | 'nickname'>,
    template: PasskeyNotice,
    passkeyName: Passkey['name'],
    capped = false,
  ): Promise<void> {
    const mail = {
      to: user.email,
      template,
      data: {
        nickname: user.nickname,
        passkeyName,
        at: formatUtc(new Date()),
        securityUrl: `${this.config.publicUrl}/profile`,
      },
      userId: user.id,
    };
    if (capped) await this.outbox.enqueueCapped(manager, mail);
    else await this.outbox.enqueue(manager, mail);
  }
}
