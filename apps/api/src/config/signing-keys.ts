import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, KeyObject } from 'node:crypto';
import { ConfigError } from './config-error';

/**
 * Access tokens are ES256 (ECDSA on P-256): measured against Ed25519 on these machines it verifies at least
 * as fast, signs faster, and every JWT library a product may use supports it (docs/architecture.md ›
 * Tokens other services verify).
 */
export const ACCESS_TOKEN_ALGORITHM = 'ES256';
const CURVE = 'prime256v1';
export const GENERATE_KEY_HINT =
  'generate one with: npm run keys -- generate (or openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)';

/** One key of the ring; `privateKey` only for the key that signs. */
export interface SigningKey {
  kid: string;
  publicKey: KeyObject;
  privateKey?: KeyObject;
}

/** The key that signs new tokens, and the earlier ones still published and accepted until their tokens expire. */
export interface SigningKeyRing {
  current: SigningKey & { privateKey: KeyObject };
  previous: SigningKey[];
}

export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  y: string;
  kid: string;
  use: string;
  alg: string;
}

/** The public half as a JWK for /.well-known/jwks.json. */
export function publicJwk(key: SigningKey): PublicJwk {
  const { kty, crv, x, y } = key.publicKey.export({ format: 'jwk' });
  return { kty: kty!, crv: crv!, x: x!, y: y!, kid: key.kid, use: 'sig', alg: ACCESS_TOKEN_ALGORITHM };
}

/** RFC 7638 thumbprint: the same key gets the same `kid` on every instance without anyone naming it. */
export function thumbprint(publicKey: KeyObject): string {
  const { crv, kty, x, y } = publicKey.export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
}

/**
 * JWT_SIGNING_KEY: a P-256 private key as PEM (PKCS#8 or SEC1) or as a JWK (its `kid` kept when given).
 * Anything else is refused, so a public key, a symmetric or RSA key or another curve never starts the app.
 */
export function parseSigningKey(text: string, variable: string): SigningKey & { privateKey: KeyObject } {
  const key = parseKey(text.trim(), variable, 'private');
  if (!key.privateKey) throw new ConfigError(`${variable} must be a private key; ${GENERATE_KEY_HINT}`);
  return key as SigningKey & { privateKey: KeyObject };
}

/**
 * JWT_PREVIOUS_SIGNING_KEYS: keys that signed before the current one, still published and accepted. PEM
 * blocks one after the other, or JSON: one JWK, an array of them or a JWK Set; public halves suffice.
 */
export function parsePreviousKeys(text: string | undefined, variable: string): SigningKey[] {
  const trimmed = text?.trim();
  if (!trimmed) return [];
  if (trimmed.startsWith('-----')) {
    const blocks = trimmed.match(/-----BEGIN [^-]+-----[\s\S]+?-----END [^-]+-----/g) ?? [];
    return blocks.map((block) => parseKey(block, variable, 'public'));
  }
  const json = parseJson(trimmed, variable) as JsonWebKey | JsonWebKey[] | { keys?: JsonWebKey[] };
  const jwks = Array.isArray(json) ? json : 'keys' in json && Array.isArray(json.keys) ? json.keys : [json];
  return jwks.map((jwk) => keyFromJwk(jwk as JsonWebKey, variable));
}

function parseKey(text: string, variable: string, wanted: 'private' | 'public'): SigningKey {
  if (text.startsWith('{')) return keyFromJwk(parseJson(text, variable) as JsonWebKey, variable);
  if (!text.startsWith('-----BEGIN ')) {
    throw new ConfigError(`${variable} must be a PEM or JWK P-256 ${wanted} key; ${GENERATE_KEY_HINT}`);
  }
  const isPrivate = /-----BEGIN (EC |ENCRYPTED )?PRIVATE KEY-----/.test(text);
  try {
    const privateKey = isPrivate ? createPrivateKey(text) : undefined;
    return checked(privateKey ?? createPublicKey(text), privateKey, undefined, variable);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${variable} is not a readable PEM key (${(error as Error).message})`);
  }
}

function keyFromJwk(jwk: JsonWebKey, variable: string): SigningKey {
  if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'EC' || jwk.crv !== 'P-256') {
    throw new ConfigError(
      `${variable} must be a P-256 key (JWK kty "EC", crv "P-256"); ${GENERATE_KEY_HINT}`,
    );
  }
  try {
    const privateKey = jwk.d ? createPrivateKey({ key: jwk, format: 'jwk' }) : undefined;
    const publicKey = createPublicKey({
      key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
      format: 'jwk',
    });
    return checked(publicKey, privateKey, typeof jwk.kid === 'string' ? jwk.kid : undefined, variable);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${variable} is not a valid JWK (${(error as Error).message})`);
  }
}

function checked(
  key: KeyObject,
  privateKey: KeyObject | undefined,
  kid: string | undefined,
  variable: string,
): SigningKey {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ec' || publicKey.asymmetricKeyDetails?.namedCurve !== CURVE) {
    const kind = publicKey.asymmetricKeyType ?? publicKey.type;
    throw new ConfigError(`${variable} must be a P-256 (ES256) key, not ${kind}; ${GENERATE_KEY_HINT}`);
  }
  if (kid !== undefined && !/^[\w.-]{1,100}$/.test(kid)) {
    throw new ConfigError(`${variable}: a JWK "kid" may hold letters, digits, "_", "-" and "." only`);
  }
  return { kid: kid ?? thumbprint(publicKey), publicKey, privateKey };
}

function parseJson(text: string, variable: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`${variable} starts like JSON but is not valid JSON`);
  }
}
