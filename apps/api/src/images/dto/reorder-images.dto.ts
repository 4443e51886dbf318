import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsUUID } from 'class-validator';

export const MAX_REORDER_IDS = 500;

export class ReorderImagesDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: MAX_REORDER_IDS,
    description:
      'Images in their new order: they take sequence numbers 1, 2, 3… in this order, and every image not ' +
      'listed moves after them, keeping its relative place.',
    example: ['0b7d6c1e-2f4a-4d0e-9d7a-9a1f3c2e5b10', '5a3e9f0c-1d2b-4c8e-a6f7-3b9d0e1c2a45'],
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_REORDER_IDS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];
}
