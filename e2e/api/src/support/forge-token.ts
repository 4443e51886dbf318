import { createHmac, createPublicKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

/** What a forger may hold: the instance's real signing key (for the controls) and its JWT_SECRET. */
export interface ForgingKeys {
  signingKey: KeyObject;
  jwtSecret: string;
}

export type Forgery =
  /** header alg "none" and no signature */
  | 'alg-none'
  /** same claims, HS256 signed with JWT_SECRET: the form before the switch to ES256 */
  | 'hs256-jwt-secret'
  /** alg confusion: HS256 "signed" with the public key's PEM text, which anyone can fetch from the JWKS */
  | 'hs256-public-key'
  /** same claims and kid, ES256 signed with the right key but the alg header says ES384 */
  | 'es384-header'
  /** the real token with its signature altered */
  | 'bad-signature'
  /** same claims but exp (and iat) in the past, correctly signed */
  | 'expired'
  /** typ "refresh" instead of "access", correctly signed */
  | 'typ-refresh'
  /** same claims and kid, ES256 signed with a foreign key */
  | 'foreign-key'
  /** the same claims with the kid header removed, correctly signed */
  | 'no-kid'
  /** not a JWT at all */
  | 'garbage';

const HMAC_OF: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

export function decodeJwt(token: string): DecodedJwt {
  const [header, payload, signature] = token.split('.');
  if (signature === undefined) throw new Error(`not a JWT: ${token}`);
  const json = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: json(header), payload: json(payload), signature };
}

/**
 * Signs header + payload as the header's alg says: HMAC (HS256/384/512) with a secret, ECDSA (ES256/384)
 * with a private key, or for alg "none" no signature at all. `as` signs with another algorithm than the
 * header names, for tokens that lie about it.
 */
export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: string | KeyObject,
  as = String(header.alg),
): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(payload)}`;
  if (as === 'none') return `${unsigned}.`;
  if (HMAC_OF[as]) return `${unsigned}.${createHmac(HMAC_OF[as], key).update(unsigned).digest('base64url')}`;
  if (as === 'ES256' || as === 'ES384') {
    const hash = as === 'ES256' ? 'sha256' : 'sha384';
    const signature = sign(hash, Buffer.from(unsigned), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
    return `${unsigned}.${signature.toString('base64url')}`;
  }
  throw new Error(`signJwt cannot sign ${as}`);
}

/**
 * A token made from a real access token with `node:crypto` alone (no JWT library, so nothing "helpfully"
 * fixes the forgery). `resign` re-signs the unchanged claims: the control that proves the forger itself works.
 */
export function forgeToken(realToken: string, keys: ForgingKeys, kind: Forgery | 'resign'): string {
  const { header, payload, signature } = decodeJwt(realToken);
  const now = Math.floor(Date.now() / 1000);
  const resign = (changed: Record<string, unknown>) => signJwt(header, changed, keys.signingKey);
  switch (kind) {
    case 'resign':
      return resign(payload);
    case 'alg-none':
      return signJwt({ ...header, alg: 'none' }, payload, '');
    case 'hs256-jwt-secret':
      return signJwt({ ...header, alg: 'HS256' }, payload, keys.jwtSecret);
    case 'hs256-public-key': {
      const publicPem = createPublicKey(keys.signingKey).export({ format: 'pem', type: 'spki' }).toString();
      return signJwt({ ...header, alg: 'HS256' }, payload, publicPem);
    }
    case 'es384-header':
      return signJwt({ ...header, alg: 'ES384' }, payload, keys.signingKey, 'ES256');
    case 'bad-signature': {
      const [head, body] = realToken.split('.');
      const flipped = Buffer.from(signature, 'base64url');
      flipped[0] ^= 0x01;
      return `${head}.${body}.${flipped.toString('base64url')}`;
    }
    case 'expired':
      return resign({ ...payload, iat: now - 3600, exp: now - 1800 });
    case 'typ-refresh':
      return resign({ ...payload, typ: 'refresh' });
    case 'foreign-key':
      return signJwt(header, payload, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    case 'no-kid': {
      const { kid: _kid, ...withoutKid } = header;
      return signJwt(withoutKid, payload, keys.signingKey);
    }
    case 'garbage':
      return 'not.a-jwt.at-all';
  }
}
