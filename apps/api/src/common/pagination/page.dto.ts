import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
/** Keeps the SQL OFFSET, (page - 1) × pageSize, under ten million rows: far past any real list. */
export const MAX_PAGE = 100_000;

/**
 * Query numbers arrive as text: plain decimal digits become a number; anything else ('1e3', '0x10', '-1',
 * '1.5', '', a repeated parameter) stays as it came and fails @IsInt, so no exponent or hex form slips in.
 */
export const decimalDigits = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;

/** `?page=&pageSize=` of every paginated list; extend it for lists with filters of their own. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1, example: 1 })
  @IsOptional()
  @Transform(decimalDigits)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 24, example: 24 })
  @IsOptional()
  @Transform(decimalDigits)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 24;
}

/** What every page of a list says about its place; subclasses add `items`. */
export abstract class PageDto {
  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 24 })
  pageSize: number;

  @ApiProperty({ description: 'Items on all pages together.', example: 1 })
  total: number;
}
