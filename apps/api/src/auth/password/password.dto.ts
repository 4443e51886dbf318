import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { DocumentedProblem } from '../../common/problem/api-problems.decorator';
import { IsAccountEmail } from '../dto/account-email.decorator';
import { CurrentPasswordDto } from '../dto/current-password.dto';
import { MailedProofDto } from '../dto/mailed-proof.dto';

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

/** A reset proves the mailbox with the reset mail's link or code, and brings the new password. */
export class ResetPasswordDto extends MailedProofDto {
  @ApiProperty({ description: NEW_PASSWORD_DESCRIPTION, example: NEW_PASSWORD_EXAMPLE })
  @IsString()
  newPassword: string;
}

export class ChangePasswordDto extends CurrentPasswordDto {
  @ApiProperty({ description: NEW_PASSWORD_DESCRIPTION, example: NEW_PASSWORD_EXAMPLE })
  @IsString()
  newPassword: string;
}
