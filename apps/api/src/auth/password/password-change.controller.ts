import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Body, Controller, HttpCode, HttpStatus, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems, UNAUTHENTICATED_PROBLEM } from '../../common/problem/api-problems.decorator';
import { CurrentSession } from '../decorators/current-session.decorator';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { PasswordChangeService } from './password-change.service';
import { SENSITIVE_CHANGE_PROBLEMS, SENSITIVE_CHANGE_PROOF } from '../reauth/sensitive-change-check';
import { ChangePasswordDto, PASSWORD_REFUSED_PROBLEM } from './password.dto';

/**
 * A signed-in person changing their password (docs/architecture.md › Routes and folders). Lives in auth: it
 * ends sessions and checks passwords.
 */
@ApiTags('users')
@Controller('users/me/password')
export class PasswordChangeController {
  constructor(private readonly changes: PasswordChangeService) {}

  @RateLimit('mail')
  @Put()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change the password',
    description:
      `${SENSITIVE_CHANGE_PROOF} An account without a password sets its first one this way, from a recently ` +
      'authenticated session. Every other session of the account ends; this one stays. ' +
      'The owner gets a "password changed" mail.',
  })
  @ApiResponse({ status: 204, description: 'The password was changed.' })
  @ApiProblems(PASSWORD_REFUSED_PROBLEM, UNAUTHENTICATED_PROBLEM, ...SENSITIVE_CHANGE_PROBLEMS)
  async changePassword(
    @CurrentSession() session: AuthenticatedSession,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    await this.changes.change(session, body);
  }
}
