import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
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
import { DocumentedProblem } from '../../common/problem/api-problems.decorator';
import { IsAccountEmail, toCanonicalEmail } from '../dto/account-email.decorator';
import { CurrentPasswordDto } from '../dto/current-password.dto';

const NEW_PASSWORD_DESCRIPTION =
  'At least PASSWORD_MIN_LENGTH (15) characters and at most 72 UTF-8 bytes; not a common password, ' +
  'and not containing the email address or nickname.';
const NEW_PASSWORD_EXAMPLE = 'velvet kayak orbiting the pier';

/** How the endpoints that take a `newPassword` document its refusal (codes from password-policy.ts). */
export const PASSWORD_REFUSED_PROBLEM: DocumentedProblem = [
  400,
  'VALIDATION_FAILED',
  'The new password cannot be used, or a field is missing or invalid; `errors` names each. For `newPassword`: ' +
    'PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, PASSWORD_TOO_COMMON, PASSWORD_CONTAINS_PERSONAL_INFO or ' +
    'PASSWORD_INVALID_CHARACTER.',
];

export class ForgotPasswordDto {
  @IsAccountEmail()
  email: string;
}

/** A reset proves the mailbox either with the link's token or with the mail's address and code, never both. */
@ValidatorConstraint({ name: 'tokenOrCode' })
class TokenOrCode implements ValidatorConstraintInterface {
  validate(_value: unknown, { object }: ValidationArguments): boolean {
    const body = object as ResetPasswordDto;
    return (body.token !== undefined) !== usesCode(body);
  }

  defaultMessage(): string {
    return 'Send either the token from the link, or the email address and the code.';
  }
}

export class ResetPasswordDto {
  @ApiPropertyOptional({
    description:
      'The `token` parameter of the link in the reset mail. Leave out when sending `email` and `code`.',
    example: 'Q2hhbmdlIG1lOiB0aGlzIGlzIGFuIGV4YW1wbGUgdG9rZW4',
  })
  // Checked when present, and when nothing else is: then it is the field that is missing.
  // class-validator runs the decorators nearest the property first; stopAtFirstError keeps the first message.
  @ValidateIf((body: ResetPasswordDto) => body.token !== undefined || !usesCode(body))
  @MaxLength(4096)
  @IsNotEmpty()
  @IsString()
  @Validate(TokenOrCode)
  token?: string;

  @ApiPropertyOptional({
    format: 'email',
    description: 'With `code`: the address the reset mail went to.',
    example: 'ada@example.com',
  })
  @ValidateIf((body: ResetPasswordDto) => body.token === undefined && usesCode(body))
  @Transform(toCanonicalEmail)
  @MaxLength(320)
  @IsNotEmpty()
  @IsString()
  email?: string;

  @ApiPropertyOptional({
    description: 'With `email`: the 6-digit code from the reset mail.',
    pattern: '^[0-9]{6}$',
    example: '042917',
  })
  @ValidateIf((body: ResetPasswordDto) => body.token === undefined && usesCode(body))
  @Matches(/^[0-9]{6}$/, { message: 'The code is the 6 digits from the mail.' })
  @IsString()
  code?: string;

  @ApiProperty({ description: NEW_PASSWORD_DESCRIPTION, example: NEW_PASSWORD_EXAMPLE })
  @IsString()
  newPassword: string;
}

function usesCode({ email, code }: ResetPasswordDto): boolean {
  return email !== undefined || code !== undefined;
}

export class ChangePasswordDto extends CurrentPasswordDto {
  @ApiProperty({ description: NEW_PASSWORD_DESCRIPTION, example: NEW_PASSWORD_EXAMPLE })
  @IsString()
  newPassword: string;
}
