import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1, example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 24, example: 24 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 24;
}

/** An image as the gallery lists it. The gallery itself lands with the gallery issue; until then lists are empty. */
export class ImageDto {
  @ApiProperty({ format: 'uuid', example: '0b7d6c1e-2f4a-4d0e-9d7a-9a1f3c2e5b10' })
  id: string;

  @ApiProperty({ example: 'Tabby on a windowsill' })
  name: string;
}

export class ImagePageDto {
  @ApiProperty({ type: [ImageDto] })
  items: ImageDto[];

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 24 })
  pageSize: number;

  @ApiProperty({ description: 'Images on all pages together.', example: 0 })
  total: number;
}

export class HomeImagesDto {
  @ApiProperty({ type: [ImageDto] })
  items: ImageDto[];
}
