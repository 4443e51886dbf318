import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, ValidateIf } from 'class-validator';
import { LOCALES, type Locale } from '../../common/locale/locale';
import { IsNickname } from '../nickname/is-nickname.decorator';
import { NICKNAME_PATTERN } from '../nickname/nickname-generator';

/** PATCH /users/me: the fields a person may change directly; a field left out stays as it is. */
export class UpdateProfileDto {
  @ApiPropertyOptional({
    description:
      'Trimmed, then 3–32 letters, digits, "-", "_" or "."; unique regardless of case (changing the case of ' +
      'one’s own nickname is fine). The avatar keeps its shape but takes the new nickname’s colour.',
    pattern: NICKNAME_PATTERN.source,
    example: 'ada-lovelace',
  })
  // Not IsOptional: that would let `null` through, and a nickname cannot be removed.
  @ValidateIf((body: UpdateProfileDto) => body.nickname !== undefined)
  @IsNickname()
  nickname?: string;

  @ApiPropertyOptional({
    enum: LOCALES,
    description:
      'The language of the account’s mail and of the web app. Mail already queued keeps its language.',
    example: 'de',
  })
  @ValidateIf((body: UpdateProfileDto) => body.locale !== undefined)
  @IsIn(LOCALES, { message: `locale must be one of: ${LOCALES.join(', ')}` })
  locale?: Locale;
}
