import { Injectable } from '@nestjs/common';
import { decode, verify } from 'jsonwebtoken';
import { BoundedMap } from '../../common/bounded-map';
import { AccessClaims, ACCESS_TOKEN_AUDIENCE, AccessTokens } from './access-tokens';

const MAX_REMEMBERED = 10_000;

/**
 * Checks an access token's signature, algorithm, `kid`, issuer, audience and expiry. An ECDSA verify costs
 * about 25 HMACs on these machines (docs/architecture.md › Tokens other services verify), and a client sends
 * the same token with every request for its lifetime: so a token that verified is remembered, by its exact
 * text, until it expires. Only tokens that verified are remembered, and every use still checks the expiry;
 * whether its session is still alive is the caller's check on every request.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly verified = new BoundedMap<string, AccessClaims>(MAX_REMEMBERED);

  constructor(private readonly tokens: AccessTokens) {}

  verify(token: string): AccessClaims | undefined {
    const remembered = this.verified.get(token);
    if (remembered) {
      if (!hasExpired(remembered)) return remembered;
      this.verified.delete(token);
      return undefined;
    }
    const claims = this.verifySignature(token);
    if (claims) this.verified.set(token, Object.freeze(claims));
    return claims;
  }

  private verifySignature(token: string): AccessClaims | undefined {
    const decoded = decode(token, { complete: true });
    const key = decoded && this.tokens.verificationKey(decoded.header.kid);
    if (!key) return undefined;
    try {
      const claims = verify(token, key, {
        algorithms: [this.tokens.algorithm],
        issuer: this.tokens.issuer,
        audience: ACCESS_TOKEN_AUDIENCE,
      });
      // Ours always expire; one without `exp` would be remembered for ever.
      return typeof claims === 'object' && typeof claims.exp === 'number'
        ? (claims as AccessClaims)
        : undefined;
    } catch {
      return undefined;
    }
  }
}

/** As jsonwebtoken decides it: expired from the second `exp` names on. */
function hasExpired(claims: AccessClaims): boolean {
  return Math.floor(Date.now() / 1000) >= claims.exp;
}
