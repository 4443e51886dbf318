import { Body, Controller, Delete, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiProblems,
  EMAIL_NOT_CONFIRMED_PROBLEM,
  PENDING_APPROVAL_PROBLEM,
  UNAUTHENTICATED_PROBLEM,
  VALIDATION_PROBLEM,
} from '../../common/problem/api-problems.decorator';
import { Confirmed } from '../decorators/confirmed.decorator';
import { CurrentSession } from '../decorators/current-session.decorator';
import { RecentAuth } from '../reauth/recent-auth';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { ConfirmTotpDto, RecoveryCodesDto, TotpEnrolmentDto } from './dto/mfa.dto';
import {
  INVALID_TOTP_CODE_PROBLEM,
  NO_PENDING_TOTP_PROBLEM,
  TOTP_ALREADY_ENABLED_PROBLEM,
  TOTP_NOT_ENABLED_PROBLEM,
} from './mfa.problems';
import { MfaService } from './mfa.service';

/**
 * The account's own two-step verification. Every route needs a recent sign-in or re-authentication, and a
 * confirmed address: a secret set up by whoever signed up with someone else's address would lock its owner
 * out (docs/architecture.md › Two-step verification).
 */
@ApiTags('users')
@ApiBearerAuth()
@Confirmed()
@RecentAuth(EMAIL_NOT_CONFIRMED_PROBLEM, PENDING_APPROVAL_PROBLEM)
@ApiProblems(UNAUTHENTICATED_PROBLEM)
@Controller('users/me/mfa')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  @Post('totp')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start setting up an authenticator app',
    description:
      'Returns a new secret, as text and as an otpauth URI for a QR code. It stays pending, signing nobody ' +
      'in, until POST /users/me/mfa/totp/confirm gets a code from it; a new start replaces a pending one.',
  })
  @ApiResponse({ status: 200, type: TotpEnrolmentDto })
  @ApiProblems(TOTP_ALREADY_ENABLED_PROBLEM)
  start(@CurrentSession() { user }: AuthenticatedSession): Promise<TotpEnrolmentDto> {
    return this.mfa.start(user);
  }

  @Post('totp/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Turn two-step verification on with a code from the app',
    description:
      'With the app’s current code (±30 s) for the pending secret: password and magic-link sign-ins ask for ' +
      'a code from now on, a notice is mailed, and the answer holds 10 recovery codes, shown only now.',
  })
  @ApiResponse({ status: 200, type: RecoveryCodesDto })
  @ApiProblems(
    VALIDATION_PROBLEM,
    INVALID_TOTP_CODE_PROBLEM,
    NO_PENDING_TOTP_PROBLEM,
    TOTP_ALREADY_ENABLED_PROBLEM,
  )
  confirm(
    @CurrentSession() { user }: AuthenticatedSession,
    @Body() { code }: ConfirmTotpDto,
  ): Promise<RecoveryCodesDto> {
    return this.mfa.confirm(user, code);
  }

  @Delete('totp')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Turn two-step verification off',
    description: 'The secret and every recovery code stop working at once; a notice is mailed.',
  })
  @ApiResponse({ status: 204, description: 'Off.' })
  @ApiProblems(TOTP_NOT_ENABLED_PROBLEM)
  disable(@CurrentSession() { user }: AuthenticatedSession): Promise<void> {
    return this.mfa.disable(user);
  }

  @Post('recovery-codes')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Make new recovery codes',
    description: 'Returns 10 new codes, shown only now; the earlier ones stop working. A notice is mailed.',
  })
  @ApiResponse({ status: 200, type: RecoveryCodesDto })
  @ApiProblems(TOTP_NOT_ENABLED_PROBLEM)
  replaceRecoveryCodes(@CurrentSession() { user }: AuthenticatedSession): Promise<RecoveryCodesDto> {
    return this.mfa.replaceRecoveryCodesOf(user);
  }
}
