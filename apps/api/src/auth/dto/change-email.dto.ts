import { IsAccountEmail } from './account-email.decorator';
import { CurrentPasswordDto } from './current-password.dto';

export class ChangeEmailDto extends CurrentPasswordDto {
  @IsAccountEmail({
    purpose: 'The address to move the account to; it changes once the link mailed there is confirmed.',
    example: 'ada.lovelace@example.org',
  })
  newEmail: string;
}
