import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  Validate,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import type { AuthMethod } from '../sessions/auth-methods';
import type { ReauthMethod } from './reauth-methods';

/** What one kind of proof is: the method an account must have for it, and what it adds to the session's `amr`. */
export interface ReauthProof {
  method: ReauthMethod;
  amr: AuthMethod;
}

/**
 * The proofs POST /auth/reauthenticate takes, one per body field. ReauthenticationService keeps a verifier
 * per entry, typed so that a new entry without one does not compile: passkey assertions and TOTP codes
 * join here (docs/architecture.md, Tokens and sessions).
 */
export const REAUTH_PROOFS = {
  password: { method: 'password', amr: 'pwd' },
  emailCode: { method: 'email_code', amr: 'email' },
} as const satisfies Record<string, ReauthProof>;

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
}
