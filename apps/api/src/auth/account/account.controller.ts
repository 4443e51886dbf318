import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Body, Controller, Delete, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiProblems,
  UNAUTHENTICATED_PROBLEM,
  VALIDATION_PROBLEM,
} from '../../common/problem/api-problems.decorator';
import { CurrentSession } from '../decorators/current-session.decorator';
import { AcceptedDto } from '../dto/auth-responses.dto';
import { ChangeEmailDto } from '../dto/change-email.dto';
import { DeleteAccountDto } from '../dto/current-password.dto';
import { SENSITIVE_CHANGE_PROBLEMS, SENSITIVE_CHANGE_PROOF } from '../reauth/sensitive-change-check';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { AccountDeletionService } from './account-deletion.service';
import { EMAIL_UNCHANGED_PROBLEM, EmailChangeService } from './email-change.service';

/**
 * The account's address and its existence: changes a signed-in person confirms with their password or from
 * a recently authenticated session (SensitiveChangeCheck).
 */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users/me')
export class AccountController {
  constructor(
    private readonly emailChange: EmailChangeService,
    private readonly deletion: AccountDeletionService,
  ) {}

  @RateLimit('mail')
  @Post('email')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Change the email address',
    description:
      'Mails a link to the new address (`PUBLIC_URL/confirm-email?token=…`, valid 24 hours) and a notice to ' +
      'the current one; the address changes only when the link is confirmed through POST /auth/email/confirm ' +
      '(which also marks it confirmed). A newer request ends the earlier link. The answer is the same when the ' +
      'new address already has an account: then its owner gets a notice instead of a link, and nothing changes. ' +
      'One mail per new address per minute: a repeat within the minute is accepted and the first link stays valid. ' +
      SENSITIVE_CHANGE_PROOF,
  })
  @ApiResponse({ status: 202, type: AcceptedDto })
  @ApiProblems(
    VALIDATION_PROBLEM,
    EMAIL_UNCHANGED_PROBLEM,
    UNAUTHENTICATED_PROBLEM,
    ...SENSITIVE_CHANGE_PROBLEMS,
  )
  async changeEmail(
    @CurrentSession() session: AuthenticatedSession,
    @Body() body: ChangeEmailDto,
  ): Promise<AcceptedDto> {
    await this.emailChange.request(session, body);
    return { status: 'accepted' };
  }

  @RateLimit('mail')
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete the account',
    description:
      'Removes the account with its sessions (every device is signed out at once), tokens, avatar and images, cancels ' +
      'mail still waiting to be sent to it, and mails a last notice. The address can sign up again afterwards. ' +
      SENSITIVE_CHANGE_PROOF,
  })
  @ApiResponse({ status: 204, description: 'Deleted.' })
  @ApiProblems(VALIDATION_PROBLEM, UNAUTHENTICATED_PROBLEM, ...SENSITIVE_CHANGE_PROBLEMS)
  async delete(
    @CurrentSession() session: AuthenticatedSession,
    @Body() { currentPassword }: DeleteAccountDto,
  ): Promise<void> {
    await this.deletion.delete(session, currentPassword);
  }
}
