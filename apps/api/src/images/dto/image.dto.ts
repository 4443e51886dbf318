import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../common/pagination/page.dto';
import { IMAGE_CONTENT_TYPES, type ImageContentType } from '../image.entity';

/** Who uploaded an image, as anyone who may see the image may know it. */
export class ImageOwnerDto {
  @ApiProperty({ format: 'uuid', example: '3f1c7f0e-8a53-4c55-9f55-5b2f7c0f4a11' })
  id: string;

  @ApiProperty({ example: 'brave-otter-417' })
  nickname: string;

  @ApiProperty({
    format: 'uri',
    example: 'http://localhost:3000/api/v1/users/3f1c7f0e-8a53-4c55-9f55-5b2f7c0f4a11/avatar?v=0-1ydk3oq',
  })
  avatarUrl: string;
}

/**
 * An image with short-lived signed URLs for its bytes, so an `<img>` tag needs no Authorization header.
 * Fetch the image again for fresh URLs once `urlsExpireAt` has passed.
 */
export class ImageDto {
  @ApiProperty({ format: 'uuid', example: '0b7d6c1e-2f4a-4d0e-9d7a-9a1f3c2e5b10' })
  id: string;

  @ApiProperty({ maxLength: 80, example: 'Tabby on a windowsill' })
  name: string;

  @ApiProperty({ maxLength: 500, example: 'Watching the sparrows until dinner.' })
  caption: string;

  @ApiProperty({ enum: IMAGE_CONTENT_TYPES, description: 'Of the image at `url`.', example: 'image/jpeg' })
  contentType: ImageContentType;

  @ApiProperty({ description: 'Pixels of the image at `url`.', example: 1600 })
  width: number;

  @ApiProperty({ example: 1200 })
  height: number;

  @ApiProperty({
    format: 'uri',
    description: 'Signed URL of the re-encoded image (metadata stripped, longest side at most 2560 px).',
    example:
      'http://localhost:3000/api/v1/images/0b7d6c1e-2f4a-4d0e-9d7a-9a1f3c2e5b10/full?expires=1795400100&signature=q8n0Lr5v',
  })
  url: string;

  @ApiProperty({
    format: 'uri',
    description: 'Signed URL of the WebP thumbnail, which fits in 480 × 480 px.',
    example:
      'http://localhost:3000/api/v1/images/0b7d6c1e-2f4a-4d0e-9d7a-9a1f3c2e5b10/thumbnail?expires=1795400100&signature=Zp1c9Hk2',
  })
  thumbnailUrl: string;

  @ApiProperty({ example: 480 })
  thumbnailWidth: number;

  @ApiProperty({ example: 360 })
  thumbnailHeight: number;

  @ApiProperty({
    format: 'date-time',
    description: 'When `url` and `thumbnailUrl` stop working.',
    example: '2026-11-24T10:15:00.000Z',
  })
  urlsExpireAt: string;

  @ApiProperty({ description: 'Off-air images are seen only by their owner and by admins.', example: true })
  onAir: boolean;

  @ApiProperty({ description: 'Shown on the home page, to everyone, while on air.', example: false })
  onHome: boolean;

  @ApiProperty({ description: 'The gallery’s order: ascending, then newest first.', example: 0 })
  sequence: number;

  @ApiProperty({
    type: ImageOwnerDto,
    nullable: true,
    description: 'Who uploaded it; null for the sample images that came with the server.',
  })
  owner: ImageOwnerDto | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-24T10:00:00.000Z' })
  createdAt: string;
}

export class ImagePageDto extends PageDto {
  @ApiProperty({ type: [ImageDto] })
  items: ImageDto[];
}

export class HomeImagesDto {
  @ApiProperty({ type: [ImageDto] })
  items: ImageDto[];
}
