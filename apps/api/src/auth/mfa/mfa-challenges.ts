import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { logSecurityEvent } from '../../common/logging/security-events';
import type { User } from '../../users/user.entity';
import type { TokenDelivery } from '../dto/login.dto';
import type { AuthMethod } from '../sessions/auth-methods';
import { OneTimeTokensService } from '../tokens/one-time-tokens.service';
import { MFA_METHODS, MfaRequiredDto } from './dto/mfa.dto';

/** How long a sign-in waits for its second step (docs/architecture.md › Two-step verification). */
export const MFA_TOKEN_TTL_SECONDS = 300;
export const MFA_TOKEN_PURPOSE = 'mfa-sign-in';

/** What the first step of a sign-in proved and chose, kept with its `mfaToken` for the second. */
export interface FirstStep {
  /** `pwd` for a password, `email` for a magic link or its code. */
  amr: AuthMethod[];
  rememberMe: boolean;
  tokenDelivery: TokenDelivery;
  /** The known device a password sign-in came from: the second step's failures count on it. */
  deviceId?: string;
}

/**
 * The `mfaRequired` answer of a password or magic-link sign-in to an account with TOTP: a 256-bit token,
 * stored hashed like every one-time secret, good for 5 minutes and 5 wrong codes. A newer sign-in of the
 * account replaces it.
 */
@Injectable()
export class MfaChallenges {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: OneTimeTokensService,
  ) {}

  async issue(user: User, first: FirstStep): Promise<MfaRequiredDto> {
    const { token } = await this.dataSource.transaction((manager) =>
      this.tokens.issue(manager, user.id, MFA_TOKEN_PURPOSE, MFA_TOKEN_TTL_SECONDS, { ...first }),
    );
    const after = first.amr.includes('pwd') ? 'password' : 'magic_link';
    logSecurityEvent({ event: 'auth.mfa_required', userId: user.id, after });
    return {
      mfaRequired: true,
      mfaToken: token,
      expiresIn: MFA_TOKEN_TTL_SECONDS,
      methods: [...MFA_METHODS],
    };
  }
}
