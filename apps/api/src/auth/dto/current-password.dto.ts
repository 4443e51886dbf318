import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';

/**
 * The body of a change a signed-in person confirms (SensitiveChangeCheck): with the current password, or
 * without it from a recently authenticated session. Other such bodies extend it.
 */
export class CurrentPasswordDto {
  @ApiPropertyOptional({
    description:
      'The account’s password, proving that the person at the keyboard owns the session. Leave it out when ' +
      'the session signed in or re-authenticated (POST /auth/reauthenticate) within the last 5 minutes; ' +
      'accounts without a password always do.',
    example: 'lantern quietly orbiting plums',
  })
  // Only a missing field is optional: null or "" is a password sent, and refused as such.
  @ValidateIf((_body, value) => value !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword?: string;
}

export class DeleteAccountDto extends CurrentPasswordDto {}
