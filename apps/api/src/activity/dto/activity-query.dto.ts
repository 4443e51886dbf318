import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ACTIVITY_TYPES, type ActivityType } from '../../common/events/security-activity.event';
import { decimalDigits } from '../../common/pagination/page.dto';

export const MAX_ACTIVITY_PAGE = 100;
/** Calendar dates and date-times with an offset: the forms both class-validator and PostgreSQL read alike. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `?limit=&cursor=` of both activity lists. */
export class ActivityQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_ACTIVITY_PAGE, default: 20, example: 20 })
  @IsOptional()
  @Transform(decimalDigits)
  @IsInt()
  @Min(1)
  @Max(MAX_ACTIVITY_PAGE)
  limit: number = 20;

  @ApiPropertyOptional({
    description:
      'The `nextCursor` of the page before; left out for the newest page. Opaque: pass it as it came.',
    maxLength: 128,
    example: 'MjAyNi0xMi0wNlQxOTo1MTozMy4xMjM0NTZaIDNmYTg1ZjY0LTU3MTctNDU2Mi1iM2ZjLTJjOTYzZjY2YWZhNg',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  cursor?: string;
}

/** The admin's audit filters on top of the page: every condition given must hold. */
export class AuditQueryDto extends ActivityQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Events that happened to this account or that it did.',
    example: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ enum: ACTIVITY_TYPES, example: 'auth.signed_in' })
  @IsOptional()
  @IsIn(ACTIVITY_TYPES)
  type?: ActivityType;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Events at or after this moment (a date alone means its midnight in UTC).',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @IsString()
  @Matches(DATE_TIME)
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Events before this moment.',
    example: '2026-12-31T00:00:00Z',
  })
  @IsOptional()
  @IsString()
  @Matches(DATE_TIME)
  @IsISO8601({ strict: true })
  to?: string;
}
