import { Injectable } from '@nestjs/common';
import type { User } from '../../users/user.entity';

/** The ways a signed-in person can prove again who they are (POST /auth/reauthenticate). */
export type ReauthMethod = 'password' | 'passkey' | 'totp' | 'email_code';

/**
 * Which ways this account has. A mailed code is offered only to accounts with nothing else, so a stolen
 * session of an account with a password cannot re-authenticate through a mailbox it may also hold
 * (docs/architecture.md, Tokens and sessions).
 */
@Injectable()
export class ReauthMethods {
  async of(user: User): Promise<ReauthMethod[]> {
    const methods: ReauthMethod[] = user.passwordHash ? ['password'] : [];
    if (user.passkeyCount > 0) methods.push('passkey');
    if (user.mfaEnabled) methods.push('totp');
    return methods.length ? methods : ['email_code'];
  }
}
