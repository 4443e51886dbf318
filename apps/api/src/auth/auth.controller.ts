import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiProblems,
  UNAUTHENTICATED_PROBLEM,
  VALIDATION_PROBLEM,
} from '../common/problem/api-problems.decorator';
import { localeFromAcceptLanguage } from '../common/locale/locale';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator';
import { NICKNAME_TAKEN_PROBLEM } from '../users/users.service';
import { EMAIL_TAKEN_PROBLEM } from './account/email-change.service';
import { AuthService } from './auth.service';
import { MfaRequiredDto, SignedInOrMfaRequired } from './mfa/dto/mfa.dto';
import { clientOf, SignInReply } from './sign-in-reply';
import { CurrentSession } from './decorators/current-session.decorator';
import { Public } from './decorators/public.decorator';
import {
  AcceptedDto,
  ConfirmedDto,
  EmailConfirmationPreviewDto,
  SignedInDto,
} from './dto/auth-responses.dto';
import { ConfirmEmailDto } from './dto/confirm-email.dto';
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { SignUpDto } from './dto/sign-up.dto';
import { INVALID_EMAIL_LINK_PROBLEM } from './email-confirmation.problems';
import { CookieRefreshGuard } from './sessions/cookie-refresh.guard';
import { REFRESH_COOKIE, RefreshCookie, SECURE_REFRESH_COOKIE } from './sessions/refresh-cookie';
import {
  COOKIE_REFRESH_REFUSED_PROBLEM,
  INVALID_REFRESH_TOKEN_PROBLEM,
  REFRESH_REQUEST_HEADER,
} from './sessions/sessions.problems';
import { AuthenticatedSession } from './sessions/sessions.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly refreshCookie: RefreshCookie,
    private readonly signInReply: SignInReply,
  ) {}

  @Public()
  @RateLimit('signup', 'mail')
  @Post('signup')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Sign up',
    description:
      'Always 202 with the same body for a new and a taken address: a new one gets the confirmation mail, ' +
      'the owner of a taken one a "someone tried to sign up" notice. The account’s `locale` (the language ' +
      'of its mail, this one included) is the first of English or German in `Accept-Language` by weight; ' +
      'English when it names neither.',
  })
  @ApiHeader({ name: 'accept-language', required: false, example: 'de-DE,de;q=0.9,en;q=0.8' })
  @ApiResponse({ status: 202, type: AcceptedDto })
  @ApiProblems(VALIDATION_PROBLEM, NICKNAME_TAKEN_PROBLEM)
  async signUp(
    @Body() body: SignUpDto,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<AcceptedDto> {
    await this.auth.signUp(body, localeFromAcceptLanguage(acceptLanguage));
    return { status: 'accepted' };
  }

  @Public()
  @RateLimit('token')
  @Post('email/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Confirm the email address with the token from the mailed link',
    description:
      'Takes the token of a sign-up confirmation link or of an email-change link; the latter also moves the ' +
      'account to its new address (and confirms it).',
  })
  @ApiResponse({ status: 200, type: ConfirmedDto })
  @ApiProblems(VALIDATION_PROBLEM, INVALID_EMAIL_LINK_PROBLEM, EMAIL_TAKEN_PROBLEM)
  async confirmEmail(@Body() { token }: ConfirmEmailDto): Promise<ConfirmedDto> {
    return { user: await this.auth.confirmEmail(token) };
  }

  @Public()
  @RateLimit('token')
  @Post('email/confirm/preview')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Show what a confirmation link would confirm, without using it',
    description:
      'For the page the mailed link opens, which confirms only when the person presses its button ' +
      '(POST /auth/email/confirm). The token stays unused. The answer names only what the mail told its ' +
      'reader: the address being confirmed and the nickname, never the current address of an email change. ' +
      'A POST, so that the token stays out of access logs; it counts against the same per-IP limit as ' +
      'confirming.',
  })
  @ApiResponse({
    status: 200,
    type: EmailConfirmationPreviewDto,
    description: 'What pressing the button would confirm; nothing is confirmed yet.',
  })
  @ApiProblems(VALIDATION_PROBLEM, INVALID_EMAIL_LINK_PROBLEM)
  previewEmailConfirmation(@Body() { token }: ConfirmEmailDto): Promise<EmailConfirmationPreviewDto> {
    return this.auth.previewEmailConfirmation(token);
  }

  @RateLimit('mail')
  @Post('email/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Mail a new confirmation link',
    description:
      'For a signed-in account whose address is not confirmed yet. The new link replaces the earlier one. ' +
      'At most one mail per address per minute: a repeat within the minute still answers 202 but sends ' +
      'nothing and leaves the last mailed link working.',
  })
  @ApiResponse({
    status: 202,
    type: AcceptedDto,
    description: 'Accepted; a new link is on its way unless capped.',
  })
  @ApiProblems(UNAUTHENTICATED_PROBLEM, [
    409,
    'EMAIL_ALREADY_CONFIRMED',
    'Your email address is already confirmed.',
  ])
  async resendConfirmation(@CurrentSession() { user }: AuthenticatedSession): Promise<AcceptedDto> {
    await this.auth.resendConfirmation(user);
    return { status: 'accepted' };
  }

  @Public()
  @RateLimit('login')
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in with email and password',
    description:
      'Starts a session. The refresh token comes in the body or as an HttpOnly cookie (`tokenDelivery`). ' +
      'Ten wrong passwords in a row lock the account for a while (1 min, doubling up to 15 min); meanwhile ' +
      'every attempt, even with the right password, gets the same 401. A client that signed in before is ' +
      'spared that lock: each success sets an HttpOnly device cookie (and returns `deviceToken` with ' +
      'tokenDelivery "body"); attempts that carry it count and lock on their own instead. An account with ' +
      'two-step verification answers `mfaRequired` instead, with no tokens and no device cookie: POST ' +
      '/auth/mfa/verify finishes the sign-in (and only then clears the failure count).',
  })
  @SignedInOrMfaRequired()
  @ApiProblems(VALIDATION_PROBLEM, [401, 'INVALID_CREDENTIALS', 'The email address or password is wrong.'])
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignedInDto | MfaRequiredDto> {
    const client = this.signInReply.signingInClient(request, body.deviceToken);
    const signedIn = await this.auth.login(body, client);
    if ('mfaRequired' in signedIn) return signedIn;
    return this.signInReply.signIn(signedIn, body.tokenDelivery ?? 'body', request, reply);
  }

  @Public()
  @RateLimit('refresh')
  @UseGuards(CookieRefreshGuard)
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiHeader({
    name: REFRESH_REQUEST_HEADER,
    required: false,
    description:
      'With the cookie and no Origin header (native apps, scripts), any non-empty value; a browser page on ' +
      'another site cannot send it without a CORS preflight.',
    example: 'fetch',
  })
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair',
    description:
      'Send `refreshToken` in the body, or `{}` and the refresh cookie (named `' +
      SECURE_REFRESH_COOKIE +
      '` when PUBLIC_URL is https, `' +
      REFRESH_COOKIE +
      '` otherwise); the new refresh token comes back the same way. A cookie refresh must be JSON and come ' +
      'from the site or an origin in CORS_ORIGINS, or carry no Origin and the `' +
      REFRESH_REQUEST_HEADER +
      '` header. Each refresh token works once: a replay within a few seconds (parallel tabs) gets the same ' +
      'new refresh token again, a later one ends its session. No refresh extends a session past ' +
      'SESSION_MAX_AGE (30 days) after sign-in.',
  })
  @ApiResponse({ status: 200, type: SignedInDto })
  @ApiProblems(VALIDATION_PROBLEM, INVALID_REFRESH_TOKEN_PROBLEM, COOKIE_REFRESH_REFUSED_PROBLEM)
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignedInDto> {
    const fromBody = body?.refreshToken;
    const token = fromBody ?? this.refreshCookie.read(request);
    const signedIn = await this.auth.refresh(token, clientOf(request));
    return this.signInReply.send(signedIn, fromBody ? 'body' : 'cookie', reply);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Log out: the session ends at once, its tokens stop working' })
  @ApiResponse({ status: 204, description: 'Logged out; the refresh cookie is cleared.' })
  @ApiProblems(UNAUTHENTICATED_PROBLEM)
  async logout(
    @CurrentSession() session: AuthenticatedSession,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(session);
    this.refreshCookie.clear(reply);
  }
}
