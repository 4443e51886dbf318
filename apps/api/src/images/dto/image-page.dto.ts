import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../common/pagination/page.dto';

/** An image as the gallery lists it. The gallery itself lands with the gallery issue; until then lists are empty. */
export class ImageDto {
  @ApiProperty({ format: 'uuid', example: '0b7d6c1e-2f4a-4d0e-9d7a-9a1f3c2e5b10' })
  id: string;

  @ApiProperty({ example: 'Tabby on a windowsill' })
  name: string;
}

export class ImagePageDto extends PageDto {
  @ApiProperty({ type: [ImageDto] })
  items: ImageDto[];
}

export class HomeImagesDto {
  @ApiProperty({ type: [ImageDto] })
  items: ImageDto[];
}
