import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiProblems,
  UNAUTHENTICATED_PROBLEM,
  VALIDATION_PROBLEM,
} from '../../common/problem/api-problems.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { CurrentSession } from '../decorators/current-session.decorator';
import { Public } from '../decorators/public.decorator';
import { SignedInDto } from '../dto/auth-responses.dto';
import { RecentAuth } from '../reauth/recent-auth';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { clientOf, SignInReply } from '../sign-in-reply';
import {
  CeremonyOptionsDto,
  PasskeySignInDto,
  RegisteredPasskeyDto,
  RegisterPasskeyDto,
} from './dto/passkey.dto';
import { PasskeySignInService } from './passkey-sign-in.service';
import {
  PASSKEY_ALREADY_REGISTERED_PROBLEM,
  PASSKEY_REGISTRATION_FAILED_PROBLEM,
  PASSKEY_SIGN_IN_FAILED_PROBLEM,
  TOO_MANY_PASSKEYS_PROBLEM,
} from './passkeys.problems';
import { PasskeysService } from './passkeys.service';

/** The two WebAuthn ceremonies: adding a passkey (signed in) and signing in with one (public). */
@ApiTags('auth')
@Controller('auth/passkeys')
export class PasskeyCeremoniesController {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly signIns: PasskeySignInService,
    private readonly signInReply: SignInReply,
  ) {}

  @RecentAuth()
  @Post('registration/options')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Start adding a passkey',
    description:
      'Options for navigator.credentials.create(): a discoverable credential with user verification, no ' +
      'attestation, ES256, EdDSA or RS256, excluding the passkeys the account has. The challenge is good for ' +
      'one answer within 5 minutes, on any instance.',
  })
  @ApiResponse({ status: 200, type: CeremonyOptionsDto })
  @ApiProblems(UNAUTHENTICATED_PROBLEM, TOO_MANY_PASSKEYS_PROBLEM)
  registrationOptions(@CurrentSession() { user }: AuthenticatedSession): Promise<CeremonyOptionsDto> {
    return this.passkeys.registrationOptions(user);
  }

  @RecentAuth()
  @Post('registration')
  @HttpCode(HttpStatus.CREATED)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Finish adding a passkey',
    description:
      'Verifies the authenticator’s answer to the options and stores the passkey; the owner gets a notice ' +
      'mail. Without `name`, the passkey is named after the browser and system that added it.',
  })
  @ApiResponse({ status: 201, type: RegisteredPasskeyDto })
  @ApiProblems(
    VALIDATION_PROBLEM,
    PASSKEY_REGISTRATION_FAILED_PROBLEM,
    UNAUTHENTICATED_PROBLEM,
    TOO_MANY_PASSKEYS_PROBLEM,
    PASSKEY_ALREADY_REGISTERED_PROBLEM,
  )
  async register(
    @CurrentSession() { user }: AuthenticatedSession,
    @Body() body: RegisterPasskeyDto,
    @Req() request: FastifyRequest,
  ): Promise<RegisteredPasskeyDto> {
    return { passkey: await this.passkeys.register(user, body, clientOf(request).userAgent) };
  }

  @Public()
  @RateLimit('login')
  @Post('authentication/options')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start signing in with a passkey',
    description:
      'Options for navigator.credentials.get() with no allowCredentials: the browser offers the passkeys it ' +
      'has for this site (also as autofill, with conditional mediation). User verification is required. The ' +
      'challenge also serves POST /auth/reauthenticate.',
  })
  @ApiResponse({ status: 200, type: CeremonyOptionsDto })
  authenticationOptions(): Promise<CeremonyOptionsDto> {
    return this.signIns.authenticationOptions();
  }

  @Public()
  @RateLimit('login')
  @Post('authentication')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in with a passkey',
    description:
      'Answers like POST /auth/login. A passkey with user verification is two factors on its own: the access ' +
      'token’s `amr` is ["swk", "mfa"] for a synced passkey, ["hwk", "mfa"] for one bound to its device. A ' +
      'signature counter that went back refuses the sign-in and mails the owner.',
  })
  @ApiResponse({ status: 200, type: SignedInDto })
  @ApiProblems(VALIDATION_PROBLEM, PASSKEY_SIGN_IN_FAILED_PROBLEM)
  async authenticate(
    @Body() body: PasskeySignInDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignedInDto> {
    const client = this.signInReply.signingInClient(request, body.deviceToken);
    const signedIn = await this.signIns.signIn(body, client);
    return this.signInReply.signIn(signedIn, body.tokenDelivery ?? 'body', request, reply);
  }
}
