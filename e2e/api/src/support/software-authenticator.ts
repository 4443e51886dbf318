import { CBORType, encodeCBOR } from '@levischuck/tiny-cbor';
import { createHash, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * A WebAuthn authenticator in software (node:crypto P-256 keys, CBOR from tiny-cbor), for driving real
 * ceremonies against the API: it answers registration options with a "none" attestation and authentication
 * options with signed assertions, as a browser would pass them on (PublicKeyCredential.toJSON()).
 */

/** Authenticator data flags (WebAuthn L3 §6.1). */
const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 } as const;
const COSE = { kty: 1, alg: 3, crv: -1, x: -2, y: -3 } as const;
const ES256 = -7;

export interface RegistrationOptionsJson {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  excludeCredentials?: { id: string }[];
  authenticatorSelection?: Record<string, unknown>;
  pubKeyCredParams: { alg: number; type: string }[];
  attestation?: string;
}

export interface AuthenticationOptionsJson {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
  userVerification?: string;
}

export interface StoredCredential {
  id: string;
  privateKey: KeyObject;
  /** base64url of the user handle the options gave (the account id). */
  userHandle: string;
  counter: number;
  /** Backup eligible and backed up, as at registration (an authenticator cannot change that later). */
  synced: boolean;
}

/** What a test may change to make an answer wrong in one way. */
export interface CeremonyTweaks {
  /** The page's origin (default: the authenticator's own). */
  origin?: string;
  /** The user-verified flag (default true). */
  userVerified?: boolean;
  /** At registration: synced (backup eligible and backed up) rather than bound to this device (default true). */
  synced?: boolean;
  /** The signature counter to report; by default the next one (or 0 for a counter-less authenticator). */
  counter?: number;
  /** clientData type (default "webauthn.create" / "webauthn.get"). */
  type?: string;
}

export interface RegistrationJson {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
  clientExtensionResults: Record<string, unknown>;
  authenticatorAttachment: 'platform';
}

export interface AssertionJson {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string };
  clientExtensionResults: Record<string, unknown>;
  authenticatorAttachment: 'platform';
}

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

export class SoftwareAuthenticator {
  readonly credentials: StoredCredential[] = [];

  /**
   * `counting`: keep a signature counter (as security keys do); synced passkeys usually report 0 always.
   */
  constructor(
    readonly origin: string,
    private readonly counting = true,
  ) {}

  get rpId(): string {
    return new URL(this.origin).hostname;
  }

  /**
   * navigator.credentials.create(): a new P-256 credential for the options' user, or `again` an existing one
   * (which a real authenticator would refuse through excludeCredentials; a hostile client need not).
   */
  register(
    options: RegistrationOptionsJson,
    tweaks: CeremonyTweaks = {},
    again?: StoredCredential,
  ): RegistrationJson {
    const credential: StoredCredential = again ?? {
      id: b64url(randomBytes(32)),
      privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
      userHandle: options.user.id,
      counter: 0,
      synced: tweaks.synced ?? true,
    };
    const { id } = credential;
    const jwk = createPublicKey(credential.privateKey).export({ format: 'jwk' });
    const coseKey = encodeCBOR(
      new Map<number, CBORType>([
        [COSE.kty, 2],
        [COSE.alg, ES256],
        [COSE.crv, 1],
        [COSE.x, new Uint8Array(Buffer.from(jwk.x!, 'base64url'))],
        [COSE.y, new Uint8Array(Buffer.from(jwk.y!, 'base64url'))],
      ]),
    );
    const rawId = Buffer.from(id, 'base64url');
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length);
    const authData = Buffer.concat([
      this.authenticatorData(options.rp.id ?? this.rpId, FLAG.AT, credential, tweaks),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      rawId,
      coseKey,
    ]);
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, CBORType>()],
        ['authData', new Uint8Array(authData)],
      ]),
    );
    if (!again) this.credentials.push(credential);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: this.clientData(tweaks.type ?? 'webauthn.create', options.challenge, tweaks),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** navigator.credentials.get(): an assertion by `credential` (default: the newest one). */
  assert(
    options: AuthenticationOptionsJson,
    tweaks: CeremonyTweaks = {},
    credential = this.credentials[this.credentials.length - 1],
  ): AssertionJson {
    if (!credential) throw new Error('the software authenticator has no credential yet');
    const clientDataJSON = this.clientData(tweaks.type ?? 'webauthn.get', options.challenge, tweaks);
    const authData = this.authenticatorData(options.rpId ?? this.rpId, 0, credential, tweaks);
    const signed = Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, 'base64url'))]);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      response: {
        clientDataJSON,
        authenticatorData: b64url(authData),
        signature: b64url(sign('sha256', signed, credential.privateKey)),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  private clientData(type: string, challenge: string, tweaks: CeremonyTweaks): string {
    const origin = tweaks.origin ?? this.origin;
    return b64url(Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false })));
  }

  /** rpIdHash, flags and the counter, which it moves on as an authenticator does with each use. */
  private authenticatorData(
    rpId: string,
    extraFlags: number,
    credential: StoredCredential,
    tweaks: CeremonyTweaks,
  ): Buffer {
    let flags = FLAG.UP | extraFlags;
    if (tweaks.userVerified ?? true) flags |= FLAG.UV;
    if (credential.synced) flags |= FLAG.BE | FLAG.BS;
    if (tweaks.counter !== undefined) credential.counter = tweaks.counter;
    else if (this.counting) credential.counter += 1;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter]);
  }
}
