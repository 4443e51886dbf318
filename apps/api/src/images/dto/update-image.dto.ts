import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { trimmed } from '../../common/problem/validation';

/** Optional, but when present it must be valid: null is refused rather than silently ignored. */
const whenPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Fields left out stay as they are. The owner may change name and caption; an admin may change all. */
export class UpdateImageDto {
  @ApiPropertyOptional({ maxLength: 80, example: 'Tabby at dusk' })
  @whenPresent()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  name?: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'The sparrows went to bed first.' })
  @whenPresent()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  caption?: string;

  @ApiPropertyOptional({ description: 'Admins only.', example: false })
  @whenPresent()
  @IsBoolean()
  onAir?: boolean;

  @ApiPropertyOptional({ description: 'Admins only.', example: true })
  @whenPresent()
  @IsBoolean()
  onHome?: boolean;

  @ApiPropertyOptional({ description: 'Admins only.', minimum: 0, maximum: 1_000_000, example: 3 })
  @whenPresent()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  sequence?: number;
}
