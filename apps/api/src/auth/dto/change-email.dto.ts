import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNT_EMAIL_DESCRIPTION, EMAIL_MAX_LENGTH, IsAccountEmail } from './account-email.decorator';
import { CurrentPasswordDto } from './current-password.dto';

export class ChangeEmailDto extends CurrentPasswordDto {
  @ApiProperty({
    format: 'email',
    maxLength: EMAIL_MAX_LENGTH,
    description:
      'The address to move the account to; it changes once the link mailed there is confirmed. ' +
      ACCOUNT_EMAIL_DESCRIPTION,
    example: 'ada.lovelace@example.org',
  })
  @IsAccountEmail()
  newEmail: string;
}
