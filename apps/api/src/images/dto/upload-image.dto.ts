import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { trimmed } from '../../common/problem/validation';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** The text fields of an upload; the file itself is the multipart part named `file`. */
export class UploadImageDto {
  @ApiProperty({ maxLength: 80, example: 'Tabby on a windowsill' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  name: string;

  @ApiPropertyOptional({ maxLength: 500, default: '', example: 'Watching the sparrows until dinner.' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  caption: string = '';
}

/** The multipart body as OpenAPI describes it: the fields above plus the binary `file`. */
export const UPLOAD_IMAGE_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['file', 'name'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description: `A JPEG, PNG or WebP image (judged by its content), at most ${MAX_UPLOAD_BYTES} bytes.`,
    },
    name: { type: 'string', maxLength: 80, example: 'Tabby on a windowsill' },
    caption: { type: 'string', maxLength: 500, example: 'Watching the sparrows until dinner.' },
  },
};
