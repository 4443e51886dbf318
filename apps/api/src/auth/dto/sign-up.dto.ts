import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NICKNAME_PATTERN, normalizeNickname } from '../../users/nickname/nickname-generator';
import { canonicalEmail } from '../../users/user.entity';

/** Only strings are normalised; anything else reaches the validators unchanged and fails there. */
export const toCanonicalEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? canonicalEmail(value) : value;
const toNickname = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? normalizeNickname(value) : value;

export class SignUpDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' })
  @Transform(toCanonicalEmail)
  @IsEmail({}, { message: 'Enter a valid email address.' })
  @MaxLength(254)
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
  @Transform(toNickname)
  @IsString()
  @Matches(NICKNAME_PATTERN, {
    message: 'Use 3–32 letters, digits, "-", "_" or "." for the nickname.',
  })
  nickname?: string;
}
