import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsNotEmpty,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Validate,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { AuthenticationCredentialDto, NestedObject } from '../passkeys/dto/webauthn-response.dto';
import { TOTP_CODE_MESSAGE, TOTP_CODE_PATTERN } from '../mfa/dto/mfa.dto';
import type { ReauthMethod } from './reauth-methods';

/**
 * The proofs POST /auth/reauthenticate takes, one per body field, and the method an account must have for
 * each. ReauthenticationService keeps a verifier per entry (which also says what the proof adds to the
 * session's `amr`), typed so that a new entry without one does not compile (docs/architecture.md, Tokens
 * and sessions). A passkey's answer is `response`, with the `challengeId` of
 * its options beside it, the body of a passkey sign-in.
 */
export const REAUTH_PROOFS = {
  password: 'password',
  emailCode: 'email_code',
  code: 'totp',
  response: 'passkey',
} as const satisfies Record<string, ReauthMethod>;

export type ReauthProofKind = keyof typeof REAUTH_PROOFS;

const PROOF_KINDS = Object.keys(REAUTH_PROOFS) as ReauthProofKind[];

/** The proof fields the body carries (null counts: it is a field sent, and a wrong one). */
export function proofKindsIn(body: Partial<Record<ReauthProofKind, unknown>>): ReauthProofKind[] {
  return PROOF_KINDS.filter((kind) => body[kind] !== undefined);
}

@ValidatorConstraint({ name: 'exactlyOneProof' })
class ExactlyOneProof implements ValidatorConstraintInterface {
  validate(_value: unknown, { object }: ValidationArguments): boolean {
    return proofKindsIn(object as ReauthenticateDto).length === 1;
  }

  defaultMessage(): string {
    return `Send exactly one of: ${PROOF_KINDS.join(', ')}.`;
  }
}

@ValidatorConstraint({ name: 'challengeWithAnswer' })
class ChallengeWithAnswer implements ValidatorConstraintInterface {
  validate(_value: unknown, { object }: ValidationArguments): boolean {
    return (object as ReauthenticateDto).response !== undefined;
  }

  defaultMessage(): string {
    return 'challengeId goes with a passkey’s `response` only.';
  }
}

export class ReauthenticateDto {
  @ApiPropertyOptional({
    description: 'The account’s password. For accounts that have one (`methods` includes `password`).',
    example: 'lantern quietly orbiting plums',
  })
  // Checked when present, and when the body does not hold exactly one proof: then this field says so.
  // class-validator runs the decorators nearest the property first; stopAtFirstError keeps the first message.
  @ValidateIf((body: ReauthenticateDto) => body.password !== undefined || proofKindsIn(body).length !== 1)
  @MaxLength(1024)
  @IsNotEmpty()
  @IsString()
  @Validate(ExactlyOneProof)
  password?: string;

  @ApiPropertyOptional({
    description:
      'The 6-digit code mailed by POST /auth/reauthenticate/email. For accounts with neither a password nor ' +
      'a passkey (`methods` includes `email_code`).',
    pattern: '^[0-9]{6}$',
    example: '042917',
  })
  @ValidateIf((body: ReauthenticateDto) => body.emailCode !== undefined)
  @Matches(/^[0-9]{6}$/, { message: 'The code is the 6 digits from the mail.' })
  @IsString()
  emailCode?: string;

  @ApiPropertyOptional({
    description:
      'The authenticator app’s current code. For accounts with two-step verification (`methods` includes ' +
      '`totp`); a code that signed in or confirmed before does not work again.',
    pattern: TOTP_CODE_PATTERN.source,
    example: '492039',
  })
  @ValidateIf((body: ReauthenticateDto) => body.code !== undefined)
  @Matches(TOTP_CODE_PATTERN, { message: TOTP_CODE_MESSAGE })
  @IsString()
  code?: string;

  @ApiPropertyOptional({
    type: AuthenticationCredentialDto,
    description:
      'A passkey’s answer (navigator.credentials.get() as JSON, e.g. from @simplewebauthn/browser ' +
      'startAuthentication) to options from POST /auth/passkeys/authentication/options, with their ' +
      '`challengeId`. For accounts with a passkey (`methods` includes `passkey`); only the account’s own ' +
      'passkeys count.',
  })
  @ValidateIf((body: ReauthenticateDto) => body.response !== undefined)
  @NestedObject(() => AuthenticationCredentialDto)
  response?: AuthenticationCredentialDto;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'With `response`: the id the authentication options came with.',
    example: '0b6c3f1e-2d4a-4c8e-9f1a-7e5d3c2b1a09',
  })
  // Required with a passkey's answer, refused without one.
  @ValidateIf((body: ReauthenticateDto) => body.response !== undefined || body.challengeId !== undefined)
  @IsUUID('all', { message: 'challengeId must be the id the options came with, sent with `response`.' })
  @Validate(ChallengeWithAnswer)
  challengeId?: string;
}
