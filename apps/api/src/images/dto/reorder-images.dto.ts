import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsOptional, IsUUID } from 'class-validator';

export const MAX_REORDER_IDS = 500;
export const PLACEMENTS = ['first', 'in_place'] as const;
export type Placement = (typeof PLACEMENTS)[number];

export class ReorderImagesDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: MAX_REORDER_IDS,
    description: 'Images in their new order; `placement` says where in the gallery they go.',
    example: ['0b7d6c1e-2f4a-4d0e-9d7a-9a1f3c2e5b10', '5a3e9f0c-1d2b-4c8e-a6f7-3b9d0e1c2a45'],
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_REORDER_IDS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];

  @ApiPropertyOptional({
    enum: PLACEMENTS,
    default: 'first',
    description:
      '`first`: the listed images take the first places, in the given order, and every other image follows ' +
      'them, keeping its relative place. `in_place`: the listed images swap among the places they hold now, ' +
      'and every other image keeps its place: how a filtered page, or any page but the first, is reordered.',
    example: 'in_place',
  })
  @IsOptional()
  @IsIn(PLACEMENTS)
  placement?: Placement;
}
