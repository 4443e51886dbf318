import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems, VALIDATION_PROBLEM } from '../../common/problem/api-problems.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Public } from '../decorators/public.decorator';
import { SignedInDto } from '../dto/auth-responses.dto';
import { SignInReply } from '../sign-in-reply';
import { VerifyMfaDto } from './dto/mfa.dto';
import { MfaSignInService } from './mfa-sign-in.service';
import { INVALID_MFA_CODE_PROBLEM, INVALID_MFA_TOKEN_PROBLEM } from './mfa.problems';

/** The second step of a sign-in (docs/architecture.md › Two-step verification). */
@ApiTags('auth')
@Controller('auth/mfa')
export class MfaSignInController {
  constructor(
    private readonly mfaSignIn: MfaSignInService,
    private readonly signInReply: SignInReply,
  ) {}

  // Per IP like sign-in: it takes codes, which others may try to guess.
  @Public()
  @RateLimit('login')
  @Post('verify')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Finish a sign-in with a code from the authenticator app or a recovery code',
    description:
      'Send the `mfaToken` of the `mfaRequired` answer with `code` (the app’s current code, ±30 s) or ' +
      '`recoveryCode`. Answers like POST /auth/login, with the `rememberMe` and `tokenDelivery` the first ' +
      'step asked for (and, after a password, the device token). The access token’s `amr` adds `otp` and ' +
      '`mfa` for an app code, `mfa` for a recovery code: `["pwd","otp","mfa"]`, `["email","otp","mfa"]`, ' +
      '`["pwd","mfa"]`. A code works once; a recovery code sign-in mails the owner how many are left. Each ' +
      'wrong code answers 401 INVALID_MFA_CODE with `triesLeft` and counts toward the account lockout; the ' +
      'fifth ends the step (401 INVALID_MFA_TOKEN: sign in again). While the lockout runs every code is ' +
      'refused.',
  })
  @ApiResponse({ status: 200, type: SignedInDto })
  @ApiProblems(VALIDATION_PROBLEM, INVALID_MFA_CODE_PROBLEM, INVALID_MFA_TOKEN_PROBLEM)
  async verify(
    @Body() body: VerifyMfaDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignedInDto> {
    const client = this.signInReply.signingInClient(request, body.deviceToken);
    const { tokenDelivery, ...signedIn } = await this.mfaSignIn.verify(body, client);
    return this.signInReply.signIn(signedIn, tokenDelivery, request, reply);
  }
}
