import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { KEY_FILE, loadOrCreateKeyRing, rotateKeyRing } from './key-file';
import { parsePreviousKeys, parseSigningKey, publicJwk, thumbprint } from './signing-keys';

const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key: ReturnType<typeof p256>['privateKey'], type: 'pkcs8' | 'sec1' | 'spki') =>
  key.export({ format: 'pem', type } as never).toString();

describe('JWT_SIGNING_KEY', () => {
  const { privateKey, publicKey } = p256();

  it.each(['pkcs8', 'sec1'] as const)(
    'takes a P-256 private key as PEM (%s), named by its thumbprint',
    (type) => {
      const key = parseSigningKey(pem(privateKey, type), 'JWT_SIGNING_KEY');
      expect(key.kid).toBe(thumbprint(publicKey));
      expect(key.privateKey.asymmetricKeyType).toBe('ec');
      expect(publicJwk(key)).toEqual({
        ...publicKey.export({ format: 'jwk' }),
        kid: key.kid,
        use: 'sig',
        alg: 'ES256',
      });
    },
  );

  it('takes a private JWK and keeps its kid', () => {
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: '2026-12' };
    const key = parseSigningKey(JSON.stringify(jwk), 'JWT_SIGNING_KEY');
    expect(key.kid).toBe('2026-12');
    expect(key.publicKey.export({ format: 'jwk' })).toEqual(publicKey.export({ format: 'jwk' }));
  });

  it.each([
    ['a public key', () => pem(publicKey, 'spki'), /must be a private key/],
    ['a public JWK', () => JSON.stringify(publicKey.export({ format: 'jwk' })), /must be a private key/],
    [
      'an Ed25519 key',
      () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      /P-256 \(ES256\) key, not ed25519/,
    ],
    [
      'a P-384 key',
      () => pem(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'pkcs8'),
      /P-256 \(ES256\) key, not ec/,
    ],
    [
      'an RSA key',
      () => pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'pkcs8'),
      /not rsa/,
    ],
    [
      'a symmetric JWK',
      () => JSON.stringify({ kty: 'oct', k: randomBytes(32).toString('base64url') }),
      /P-256/,
    ],
    ['a JWT_SECRET-like string', () => randomBytes(48).toString('base64url'), /must be a PEM or JWK/],
    [
      'a broken PEM',
      () => '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
      /not a readable PEM/,
    ],
    [
      'a JWK off the curve',
      () => JSON.stringify({ ...privateKey.export({ format: 'jwk' }), x: 'AAAA' }),
      /not a valid JWK/,
    ],
    ['broken JSON', () => '{"kty":', /not valid JSON/],
    [
      'a kid with odd characters',
      () => JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'a b' }),
      /kid/,
    ],
  ])('refuses %s, naming the variable', (_label, text, reason) => {
    const parse = () => parseSigningKey(text(), 'JWT_SIGNING_KEY');
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/^JWT_SIGNING_KEY/);
    expect(parse).toThrow(reason);
  });
});

describe('JWT_PREVIOUS_SIGNING_KEYS', () => {
  const [first, second] = [p256(), p256()];

  it('takes PEM blocks one after the other, public or private', () => {
    const keys = parsePreviousKeys(
      `${pem(first.publicKey, 'spki')}\n${pem(second.privateKey, 'pkcs8')}`,
      'X',
    );
    expect(keys.map((key) => key.kid)).toEqual([thumbprint(first.publicKey), thumbprint(second.publicKey)]);
  });

  it('takes a JWK Set, an array of JWKs or one JWK', () => {
    const jwks = [first, second].map(({ publicKey }) => publicKey.export({ format: 'jwk' }));
    const kids = [thumbprint(first.publicKey), thumbprint(second.publicKey)];
    expect(parsePreviousKeys(JSON.stringify({ keys: jwks }), 'X').map((key) => key.kid)).toEqual(kids);
    expect(parsePreviousKeys(JSON.stringify(jwks), 'X').map((key) => key.kid)).toEqual(kids);
    expect(parsePreviousKeys(JSON.stringify(jwks[0]), 'X').map((key) => key.kid)).toEqual(kids.slice(0, 1));
  });

  it('is empty when unset, and refuses keys of another kind', () => {
    expect(parsePreviousKeys(undefined, 'X')).toEqual([]);
    expect(() =>
      parsePreviousKeys(JSON.stringify({ kty: 'oct', k: 'AAAA' }), 'JWT_PREVIOUS_SIGNING_KEYS'),
    ).toThrow(/^JWT_PREVIOUS_SIGNING_KEYS must be a P-256 key/);
  });
});

describe('the key file in DATA_DIR (outside production)', () => {
  const TTL = 900;
  const at = (minutes: number) => new Date(Date.UTC(2026, 11, 6, 12, minutes));
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'latchkey-keys-'));
  });
  const kidsInFile = () =>
    (JSON.parse(readFileSync(join(dataDir, KEY_FILE), 'utf8')) as { keys: { kid: string }[] }).keys.map(
      (key) => key.kid,
    );

  it('makes a key once, readable by its owner only, and keeps it across starts', () => {
    const first = loadOrCreateKeyRing(dataDir, TTL, at(0));
    const again = loadOrCreateKeyRing(dataDir, TTL, at(1));
    expect(again.current.kid).toBe(first.current.kid);
    expect(again.previous).toEqual([]);
    expect(statSync(join(dataDir, KEY_FILE)).mode & 0o077).toBe(0);
    expect(createPublicKey(again.current.privateKey).export({ format: 'jwk' })).toEqual(
      first.current.publicKey.export({ format: 'jwk' }),
    );
  });

  it('rotates: a new current key, the old one kept until its last token has expired, then dropped', () => {
    const old = loadOrCreateKeyRing(dataDir, TTL, at(0)).current.kid;
    const rotated = rotateKeyRing(dataDir, TTL, at(10));
    expect(rotated.current.kid).not.toBe(old);
    expect(rotated.previous.map((key) => key.kid)).toEqual([old]);

    // 14 minutes after the rotation a token of the old key may still be alive; at 15 it cannot.
    expect(loadOrCreateKeyRing(dataDir, TTL, at(24)).previous.map((key) => key.kid)).toEqual([old]);
    expect(loadOrCreateKeyRing(dataDir, TTL, at(25)).previous).toEqual([]);
    expect(kidsInFile()).toEqual([rotated.current.kid]);
  });

  it('drops expired keys on a later rotation too', () => {
    const first = loadOrCreateKeyRing(dataDir, TTL, at(0)).current.kid;
    const second = rotateKeyRing(dataDir, TTL, at(1)).current.kid;
    const third = rotateKeyRing(dataDir, TTL, at(20));
    expect(third.previous.map((key) => key.kid)).toEqual([second]);
    expect(kidsInFile()).toEqual([third.current.kid, second]);
    expect(kidsInFile()).not.toContain(first);
  });
});
