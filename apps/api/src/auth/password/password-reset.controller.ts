import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems, VALIDATION_PROBLEM } from '../../common/problem/api-problems.decorator';
import { Public } from '../decorators/public.decorator';
import { AcceptedDto } from '../dto/auth-responses.dto';
import { PasswordResetService } from './password-reset.service';
import { ForgotPasswordDto, PASSWORD_REFUSED_PROBLEM, ResetPasswordDto } from './password.dto';

/**
 * Forgotten passwords (docs/architecture.md › Routes and folders / Tokens and sessions): a mailed link and
 * code, then a new password.
 */
@ApiTags('auth')
@Controller('auth/password')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @Public()
  @RateLimit('mail')
  @Post('forgot')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ask for a password reset mail',
    description:
      'Always 202 with the same body, whether or not the address has an account. An account gets a mail ' +
      'with a link (`/reset-password?token=…`, 30 minutes) and a 6-digit code (10 minutes); they replace ' +
      'the ones mailed before. At most one mail per address per minute: a repeat within the minute sends ' +
      'nothing and leaves the last link and code working.',
  })
  @ApiResponse({
    status: 202,
    type: AcceptedDto,
    description: 'Accepted; a mail is on its way if it may be.',
  })
  @ApiProblems(VALIDATION_PROBLEM)
  async forgot(@Body() { email }: ForgotPasswordDto): Promise<AcceptedDto> {
    await this.resets.forgotPassword(email);
    return { status: 'accepted' };
  }

  @Public()
  @RateLimit('token', 'mail')
  @Post('reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Set a new password with the mailed link or code',
    description:
      'Send `token` from the link, or `email` and `code`. Every session of the account ends and nobody is ' +
      'signed in: log in with the new password. A reset by link also confirms the email address. ' +
      'A code dies after 5 wrong tries, and a newly requested code inherits the wrong tries of the last ' +
      'hour; the link keeps working. The owner gets a "password changed" mail.',
  })
  @ApiResponse({ status: 204, description: 'The password was changed.' })
  @ApiProblems(PASSWORD_REFUSED_PROBLEM, [
    400,
    'INVALID_TOKEN',
    'This link or code is invalid, already used or expired. Ask for a new one.',
  ])
  async reset(@Body() body: ResetPasswordDto): Promise<void> {
    await this.resets.resetPassword(body);
  }
}
