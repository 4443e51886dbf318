import { Injectable } from '@nestjs/common';
import { sign, type Algorithm } from 'jsonwebtoken';
import { createSecretKey, KeyObject } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { ACCESS_TOKEN_ALGORITHM } from '../../config/signing-keys';
import type { AuthMethod } from '../sessions/auth-methods';

export const ACCESS_TOKEN_AUDIENCE = 'latchkey-api';

/**
 * The claims of an access token (docs/architecture.md › Tokens and sessions); `typ` keeps other tokens signed
 * with the key from passing.
 */
export interface AccessClaims {
  sub: string;
  sid: string;
  typ: 'access';
  /** How the session's holder proved who they are (RFC 8176), for services that verify the token. */
  amr: AuthMethod[];
  iss: string;
  aud: string;
  iat: number;
  exp: number;
}

export interface IssuedAccessToken {
  accessToken: string;
  /** Lifetime in seconds. */
  expiresIn: number;
}

/**
 * Signs access tokens with the current key of the ring, named by `kid`, and knows which keys verify them.
 * Keys are KeyObjects made once at start: jsonwebtoken would re-import a PEM or string key on every call.
 */
@Injectable()
export class AccessTokens {
  /** The one algorithm tokens are signed and accepted with: pinned, so an HS256 or `none` token never passes. */
  readonly algorithm: Algorithm;
  readonly issuer: string;
  private readonly signingKey: KeyObject;
  private readonly kid: string | undefined;
  private readonly verificationKeys: ReadonlyMap<string, KeyObject>;

  constructor(private readonly config: AppConfig) {
    this.issuer = config.publicUrl;
    if (config.benchHs256AccessTokens) {
      // The form before the switch, only for the bench's side-by-side run (refused in production).
      this.algorithm = 'HS256';
      this.signingKey = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
      this.verificationKeys = new Map([['', this.signingKey]]);
      return;
    }
    const { current, previous } = config.signingKeys;
    this.algorithm = ACCESS_TOKEN_ALGORITHM;
    this.signingKey = current.privateKey;
    this.kid = current.kid;
    this.verificationKeys = new Map([current, ...previous].map((key) => [key.kid, key.publicKey]));
  }

  issue(userId: string, sessionId: string, amr: AuthMethod[]): IssuedAccessToken {
    const expiresIn = this.config.accessTokenTtl;
    const accessToken = sign({ sid: sessionId, typ: 'access', amr }, this.signingKey, {
      algorithm: this.algorithm,
      ...(this.kid && { keyid: this.kid }),
      expiresIn,
      subject: userId,
      issuer: this.issuer,
      audience: ACCESS_TOKEN_AUDIENCE,
    });
    return { accessToken, expiresIn };
  }

  /** The key that verifies a token whose header names `kid`; none for an unknown or missing one. */
  verificationKey(kid: unknown): KeyObject | undefined {
    return this.verificationKeys.get(typeof kid === 'string' ? kid : '');
  }
}
