import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems, VALIDATION_PROBLEM } from '../../common/problem/api-problems.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Public } from '../decorators/public.decorator';
import { AcceptedDto, SignedInDto } from '../dto/auth-responses.dto';
import { MfaRequiredDto, SignedInOrMfaRequired } from '../mfa/dto/mfa.dto';
import { SignInReply } from '../sign-in-reply';
import { RequestMagicLinkDto, VerifyMagicLinkDto } from './magic-link.dto';
import { INVALID_MAGIC_LINK_PROBLEM } from './magic-link.problems';
import { MagicLinkService } from './magic-link.service';

/**
 * Sign-in by a mailed link or code, bound by PKCE to the client that asked (docs/architecture.md › Routes and
 * folders / Passwordless sign-in).
 */
@ApiTags('auth')
@Controller('auth/magic-link')
export class MagicLinkController {
  constructor(
    private readonly magicLinks: MagicLinkService,
    private readonly signInReply: SignInReply,
  ) {}

  @Public()
  @RateLimit('mail')
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Mail a sign-in link and code',
    description:
      'Always 202 with the same body, whether or not the address has an account. A known, enabled account ' +
      'gets a mail with a link (`/magic-link?token=…`) and a 6-digit code, both for 15 minutes and only ' +
      'together with the verifier of `codeChallenge`; they replace the ones mailed before. Unknown and ' +
      'disabled addresses get nothing. At most one mail per address per minute: a repeat within the minute ' +
      'sends nothing and leaves the last link and code working.',
  })
  @ApiResponse({
    status: 202,
    type: AcceptedDto,
    description: 'Accepted; a mail is on its way if it may be.',
  })
  @ApiProblems(VALIDATION_PROBLEM)
  async request(@Body() body: RequestMagicLinkDto): Promise<AcceptedDto> {
    await this.magicLinks.request(body);
    return { status: 'accepted' };
  }

  @Public()
  @RateLimit('token')
  @Post('verify')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in with the mailed link or code',
    description:
      'Send `token` from the link, or `email` and `code`, with the `codeVerifier` whose challenge asked for ' +
      'them (a sign-in link request or a sign-up without password). Answers like POST /auth/login; the ' +
      'session’s access token has `amr: ["email"]`. Link and code work once, and a wrong verifier or ' +
      'code is one of 5 tries, after which that link or code is dead. The first sign-in confirms the email ' +
      'address; if the account had a password from before the address was confirmed, it is removed and ' +
      'every earlier session ends, since whoever signed up may not have owned the address. An account with ' +
      'two-step verification answers `mfaRequired` instead: POST /auth/mfa/verify finishes the sign-in.',
  })
  @SignedInOrMfaRequired()
  @ApiProblems(VALIDATION_PROBLEM, INVALID_MAGIC_LINK_PROBLEM)
  async verify(
    @Body() body: VerifyMagicLinkDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignedInDto | MfaRequiredDto> {
    const client = this.signInReply.signingInClient(request, body.deviceToken);
    const signedIn = await this.magicLinks.verify(body, client);
    if ('mfaRequired' in signedIn) return signedIn;
    return this.signInReply.signIn(signedIn, body.tokenDelivery ?? 'body', request, reply);
  }
}
