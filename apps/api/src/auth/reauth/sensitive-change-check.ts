import { Injectable } from '@nestjs/common';
import type { DocumentedProblem } from '../../common/problem/api-problems.decorator';
import { CurrentPasswordCheck } from '../lockout/current-password-check';
import {
  INVALID_CURRENT_PASSWORD_PROBLEM,
  TOO_MANY_WRONG_PASSWORDS_PROBLEM,
} from '../lockout/lockout.problems';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { RecentAuthCheck } from './recent-auth';
import { REAUTHENTICATION_REQUIRED_PROBLEM } from './reauth.problems';

/**
 * What the changes a signed-in person makes to their account (new email, new password, deletion) need:
 * the current password when the body carries one, checked as ever (wrong ones count toward the lockout);
 * without it, a session that signed in or re-authenticated within RECENT_AUTH_WINDOW, or else 403
 * REAUTHENTICATION_REQUIRED with the account's methods. Accounts without a password have only the second.
 */
@Injectable()
export class SensitiveChangeCheck {
  constructor(
    private readonly currentPassword: CurrentPasswordCheck,
    private readonly recentAuth: RecentAuthCheck,
  ) {}

  async assert(session: AuthenticatedSession, currentPassword: string | undefined): Promise<void> {
    if (currentPassword !== undefined) await this.currentPassword.assert(session, currentPassword);
    else await this.recentAuth.assert(session);
  }
}

/** How the routes that use SensitiveChangeCheck describe it. */
export const SENSITIVE_CHANGE_PROOF =
  'Needs `currentPassword`, or a session that signed in or re-authenticated (POST /auth/reauthenticate) within ' +
  'the last 5 minutes: without either, 403 REAUTHENTICATION_REQUIRED. Five wrong current passwords in a row ' +
  'end the session (401 TOO_MANY_WRONG_PASSWORDS).';

/** The refusals of SensitiveChangeCheck, for those routes' @ApiProblems. */
export const SENSITIVE_CHANGE_PROBLEMS: DocumentedProblem[] = [
  INVALID_CURRENT_PASSWORD_PROBLEM,
  TOO_MANY_WRONG_PASSWORDS_PROBLEM,
  REAUTHENTICATION_REQUIRED_PROBLEM,
];
