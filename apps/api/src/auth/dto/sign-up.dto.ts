import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { IsNickname } from '../../users/nickname/is-nickname.decorator';
import { NICKNAME_PATTERN } from '../../users/nickname/nickname-generator';
import { IsAccountEmail } from './account-email.decorator';

export class SignUpDto {
  @IsAccountEmail()
  email: string;

  @ApiProperty({
    description:
      'At least PASSWORD_MIN_LENGTH (15) characters and at most 72 UTF-8 bytes; not a common password, ' +
      'and not containing the email address or nickname. No other composition rules.',
    example: 'lantern quietly orbiting plums',
  })
  @IsString()
  password: string;

  @ApiPropertyOptional({
    description: 'Generated (adjective-animal-number) when left out. Unique regardless of case.',
    pattern: NICKNAME_PATTERN.source,
    example: 'ada-lovelace',
  })
  @IsOptional()
  @IsNickname()
  nickname?: string;
}
