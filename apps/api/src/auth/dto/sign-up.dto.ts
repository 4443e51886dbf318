import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, ValidateIf } from 'class-validator';
import { IsCodeChallenge } from '../magic-link/pkce';
import { IsNickname } from '../../users/nickname/is-nickname.decorator';
import { NICKNAME_PATTERN } from '../../users/nickname/nickname-generator';
import { IsAccountEmail } from './account-email.decorator';
import { ExactlyOneOf } from './exactly-one-of.decorator';

export class SignUpDto {
  @IsAccountEmail()
  email: string;

  @ApiPropertyOptional({
    description:
      'At least PASSWORD_MIN_LENGTH (15) characters and at most 72 UTF-8 bytes; not a common password, ' +
      'and not containing the email address or nickname. No other composition rules. Leave out for an ' +
      'account without a password and send `codeChallenge` instead; exactly one of the two, else the field ' +
      'error PASSWORD_OR_CODE_CHALLENGE.',
    example: 'lantern quietly orbiting plums',
  })
  // Checked when present, and when nothing else is: then it is the field that is missing.
  @ValidateIf((body: SignUpDto) => body.password !== undefined || body.codeChallenge === undefined)
  @IsString()
  // An account starts with a password, or without one and with the PKCE challenge of its first sign-in link.
  @ExactlyOneOf<SignUpDto>(
    'passwordOrCodeChallenge',
    [(body) => body.password !== undefined, (body) => body.codeChallenge !== undefined],
    'Send either a password, or a codeChallenge for an account without a password.',
  )
  password?: string;

  /** Passwordless sign-up: the "confirm and sign in" mail's link and code work only with its verifier. */
  @ValidateIf((body: SignUpDto) => body.codeChallenge !== undefined)
  @IsCodeChallenge({ required: false })
  codeChallenge?: string;

  @ApiPropertyOptional({
    description: 'Generated (adjective-animal-number) when left out. Unique regardless of case.',
    pattern: NICKNAME_PATTERN.source,
    example: 'ada-lovelace',
  })
  @IsOptional()
  @IsNickname()
  nickname?: string;
}
