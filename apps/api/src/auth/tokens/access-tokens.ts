import { Injectable } from '@nestjs/common';
import { sign, type Algorithm } from 'jsonwebtoken';
import { createSecretKey, KeyObject } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import type { AuthMethod } from '../sessions/auth-methods';

export const ACCESS_TOKEN_ALGORITHM: Algorithm = 'HS256';
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

/** Signs access tokens; the key is imported once, because jsonwebtoken re-imports a string key per call. */
@Injectable()
export class AccessTokens {
  readonly key: KeyObject;
  readonly issuer: string;

  constructor(private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
    this.issuer = config.publicUrl;
  }

  issue(userId: string, sessionId: string, amr: AuthMethod[]): IssuedAccessToken {
    const expiresIn = this.config.accessTokenTtl;
    const accessToken = sign({ sid: sessionId, typ: 'access', amr }, this.key, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      expiresIn,
      subject: userId,
      issuer: this.issuer,
      audience: ACCESS_TOKEN_AUDIENCE,
    });
    return { accessToken, expiresIn };
  }
}
