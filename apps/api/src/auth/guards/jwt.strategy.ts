import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { isUUID } from 'class-validator';
import { AuthenticatedSession, SessionsService } from '../sessions/sessions.service';
import {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_AUDIENCE,
  AccessClaims,
  AccessTokens,
} from '../tokens/access-tokens';

/** Bearer access tokens: signature, algorithm, issuer, audience and expiry by passport-jwt; the rest here. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    tokens: AccessTokens,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: verification then skips re-importing the key on every request.
      secretOrKey: tokens.key as unknown as string,
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: tokens.issuer,
      audience: ACCESS_TOKEN_AUDIENCE,
    });
  }

  /** The account's current state comes from the session lookup, never from the token's claims. */
  async validate(claims: Partial<AccessClaims>): Promise<AuthenticatedSession | false> {
    if (claims.typ !== 'access' || typeof claims.sid !== 'string' || !isUUID(claims.sid)) return false;
    const session = await this.sessions.findActive(claims.sid);
    return session !== undefined && session.user.id === claims.sub ? session : false;
  }
}
