import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The body of a change a signed-in person confirms with their password; other such bodies extend it. */
export class CurrentPasswordDto {
  @ApiProperty({
    description: 'The account’s password, proving that the person at the keyboard owns the session.',
    example: 'lantern quietly orbiting plums',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword: string;
}

export class DeleteAccountDto extends CurrentPasswordDto {}
