import { createHmac } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

export type Forgery =
  /** header alg "none" and no signature */
  | 'alg-none'
  /** same claims, signed with the right secret but HS512 (the API pins its algorithm) */
  | 'hs512'
  /** the real token with its signature altered */
  | 'bad-signature'
  /** same claims but exp (and iat) in the past, correctly signed */
  | 'expired'
  /** typ "refresh" instead of "access", correctly signed */
  | 'typ-refresh'
  /** same claims, signed with a different secret */
  | 'wrong-secret'
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

/** Signs header + payload with an HMAC algorithm (HS256/384/512) or, for alg "none", leaves the signature empty. */
export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: string,
): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(payload)}`;
  const alg = String(header.alg);
  if (alg === 'none') return `${unsigned}.`;
  const hash = HMAC_OF[alg];
  if (!hash) throw new Error(`forgeToken signs HMAC algorithms only, not ${alg}`);
  return `${unsigned}.${createHmac(hash, secret).update(unsigned).digest('base64url')}`;
}

/**
 * A token made from a real access token with `node:crypto` alone (no JWT library, so nothing "helpfully"
 * fixes the forgery). `resign` re-signs the unchanged claims: the control that proves the forger itself works.
 */
export function forgeToken(realToken: string, secret: string, kind: Forgery | 'resign'): string {
  const { header, payload, signature } = decodeJwt(realToken);
  const now = Math.floor(Date.now() / 1000);
  switch (kind) {
    case 'resign':
      return signJwt(header, payload, secret);
    case 'alg-none':
      return signJwt({ ...header, alg: 'none' }, payload, secret);
    case 'hs512':
      return signJwt({ ...header, alg: header.alg === 'HS512' ? 'HS256' : 'HS512' }, payload, secret);
    case 'bad-signature': {
      const [head, body] = realToken.split('.');
      const flipped = Buffer.from(signature, 'base64url');
      flipped[0] ^= 0x01;
      return `${head}.${body}.${flipped.toString('base64url')}`;
    }
    case 'expired':
      return signJwt(header, { ...payload, iat: now - 3600, exp: now - 1800 }, secret);
    case 'typ-refresh':
      return signJwt(header, { ...payload, typ: 'refresh' }, secret);
    case 'wrong-secret':
      return signJwt(header, payload, `${secret}-but-not-quite`);
    case 'garbage':
      return 'not.a-jwt.at-all';
  }
}
