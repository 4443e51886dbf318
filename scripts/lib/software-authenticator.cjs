// A WebAuthn authenticator in software (node:crypto P-256 keys, CBOR from tiny-cbor), for driving real
// ceremonies against the API: it answers registration options with a "none" attestation and authentication
// options with signed assertions, as a browser would pass them on (PublicKeyCredential.toJSON()).
// Shared by the API end-to-end tests (through the types in software-authenticator.d.cts) and `npm run bench`,
// so it is CommonJS: Jest's CommonJS tests can require it and the ES-module scripts can import it.
const { encodeCBOR } = require('@levischuck/tiny-cbor');
const { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign } = require('node:crypto');

/** Authenticator data flags (WebAuthn L3 §6.1). */
const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 };
const COSE = { kty: 1, alg: 3, crv: -1, x: -2, y: -3 };
const ES256 = -7;

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const sha256 = (data) => createHash('sha256').update(data).digest();

class SoftwareAuthenticator {
  /**
   * `counting`: keep a signature counter (as security keys do); synced passkeys usually report 0 always.
   */
  constructor(origin, counting = true) {
    this.origin = origin;
    this.counting = counting;
    this.credentials = [];
  }

  get rpId() {
    return new URL(this.origin).hostname;
  }

  /**
   * navigator.credentials.create(): a new P-256 credential for the options' user, or `again` an existing one
   * (which a real authenticator would refuse through excludeCredentials; a hostile client need not).
   */
  register(options, tweaks = {}, again) {
    const credential = again ?? {
      id: b64url(randomBytes(32)),
      privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
      userHandle: options.user.id,
      counter: 0,
      synced: tweaks.synced ?? true,
    };
    const { id } = credential;
    const jwk = createPublicKey(credential.privateKey).export({ format: 'jwk' });
    const coseKey = encodeCBOR(
      new Map([
        [COSE.kty, 2],
        [COSE.alg, ES256],
        [COSE.crv, 1],
        [COSE.x, new Uint8Array(Buffer.from(jwk.x, 'base64url'))],
        [COSE.y, new Uint8Array(Buffer.from(jwk.y, 'base64url'))],
      ]),
    );
    const rawId = Buffer.from(id, 'base64url');
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length);
    const authData = Buffer.concat([
      this.#authenticatorData(options.rp.id ?? this.rpId, FLAG.AT, credential, tweaks),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      rawId,
      coseKey,
    ]);
    const attestationObject = encodeCBOR(
      new Map([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', new Uint8Array(authData)],
      ]),
    );
    if (!again) this.credentials.push(credential);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: this.#clientData(tweaks.type ?? 'webauthn.create', options.challenge, tweaks),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** navigator.credentials.get(): an assertion by `credential` (default: the newest one). */
  assert(options, tweaks = {}, credential = this.credentials[this.credentials.length - 1]) {
    if (!credential) throw new Error('the software authenticator has no credential yet');
    const clientDataJSON = this.#clientData(tweaks.type ?? 'webauthn.get', options.challenge, tweaks);
    const authData = this.#authenticatorData(options.rpId ?? this.rpId, 0, credential, tweaks);
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

  #clientData(type, challenge, tweaks) {
    const origin = tweaks.origin ?? this.origin;
    return b64url(Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false })));
  }

  /** rpIdHash, flags and the counter, which it moves on as an authenticator does with each use. */
  #authenticatorData(rpId, extraFlags, credential, tweaks) {
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

module.exports = { SoftwareAuthenticator };
