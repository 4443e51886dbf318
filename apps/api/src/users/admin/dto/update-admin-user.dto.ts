import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../../user.entity';

/** Optional, but when present it must be valid: null is refused rather than silently ignored. */
const whenPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Any combination of the fields; those left out stay as they are. */
export class UpdateAdminUserDto {
  @ApiPropertyOptional({
    description:
      'Approve the account (or take the approval back). While REQUIRE_APPROVAL is on, approving mails the user.',
    example: true,
  })
  @whenPresent()
  @IsBoolean()
  approved?: boolean;

  @ApiPropertyOptional({
    description: 'Disabling ends every session of the account at once and refuses its logins.',
    example: false,
  })
  @whenPresent()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ enum: ROLES, example: 'admin' })
  @whenPresent()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    enum: [true],
    description:
      'For someone who lost every second factor: turns their two-step verification off and kills their ' +
      'recovery codes; they are mailed. 409 TOTP_NOT_ENABLED when it is not on.',
    example: true,
  })
  @whenPresent()
  @IsIn([true], { message: 'resetMfa can only be true.' })
  resetMfa?: true;
}
