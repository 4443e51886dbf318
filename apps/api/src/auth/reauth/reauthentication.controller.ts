import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiProblems,
  UNAUTHENTICATED_PROBLEM,
  VALIDATION_PROBLEM,
} from '../../common/problem/api-problems.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { CurrentSession } from '../decorators/current-session.decorator';
import { AcceptedDto } from '../dto/auth-responses.dto';
import {
  INVALID_CURRENT_PASSWORD_PROBLEM,
  TOO_MANY_WRONG_PASSWORDS_PROBLEM,
} from '../lockout/lockout.problems';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { ReauthenticateDto } from './reauthenticate.dto';
import { ReauthenticationService } from './reauthentication.service';
import {
  INVALID_PASSKEY_ASSERTION_PROBLEM,
  INVALID_REAUTH_CODE_PROBLEM,
  REAUTH_METHOD_UNAVAILABLE_PROBLEM,
} from './reauth.problems';

/**
 * A signed-in person confirming it is them before a sensitive change (docs/architecture.md › Tokens and
 * sessions).
 */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/reauthenticate')
export class ReauthenticationController {
  constructor(private readonly reauthentication: ReauthenticationService) {}

  // Per IP like sign-in: it takes passwords and codes, which others may try to guess.
  @RateLimit('login')
  @Post()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Confirm it is you',
    description:
      'With exactly one proof: `password`, `emailCode` (from POST /auth/reauthenticate/email), or a passkey’s ' +
      '`response` with its `challengeId` (from POST /auth/passkeys/authentication/options). The session ' +
      'then counts as recently authenticated for 5 minutes, so the sensitive changes (email, password, ' +
      'deletion) need no current password. Which proofs an account can use is in the `methods` of a 403 ' +
      'REAUTHENTICATION_REQUIRED; another answers 403 REAUTH_METHOD_UNAVAILABLE. A wrong password counts ' +
      'toward the account lockout, and five in a row end the session (401 TOO_MANY_WRONG_PASSWORDS); a code ' +
      'dies at its fifth wrong try. A passkey answer that fails (another account’s passkey, a used challenge) ' +
      'is 400 INVALID_PASSKEY_ASSERTION.',
  })
  @ApiResponse({ status: 204, description: 'Confirmed: the session is recently authenticated.' })
  @ApiProblems(
    VALIDATION_PROBLEM,
    INVALID_CURRENT_PASSWORD_PROBLEM,
    INVALID_REAUTH_CODE_PROBLEM,
    INVALID_PASSKEY_ASSERTION_PROBLEM,
    UNAUTHENTICATED_PROBLEM,
    TOO_MANY_WRONG_PASSWORDS_PROBLEM,
    REAUTH_METHOD_UNAVAILABLE_PROBLEM,
  )
  async reauthenticate(
    @CurrentSession() session: AuthenticatedSession,
    @Body() body: ReauthenticateDto,
  ): Promise<void> {
    await this.reauthentication.reauthenticate(session, body);
  }

  @RateLimit('mail')
  @Post('email')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Mail a code to confirm it is you',
    description:
      'For accounts with neither a password nor a passkey (`methods` includes `email_code`): mails a 6-digit ' +
      'code, valid 10 minutes and once, that replaces an earlier one. At most one mail per minute: a repeat ' +
      'within the minute is accepted, sends nothing, and the last code keeps working.',
  })
  @ApiResponse({ status: 202, type: AcceptedDto })
  @ApiProblems(UNAUTHENTICATED_PROBLEM, REAUTH_METHOD_UNAVAILABLE_PROBLEM)
  async mailCode(@CurrentSession() session: AuthenticatedSession): Promise<AcceptedDto> {
    await this.reauthentication.mailCode(session);
    return { status: 'accepted' };
  }
}
