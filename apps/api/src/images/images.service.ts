import { Injectable } from '@nestjs/common';
import { PageQueryDto } from '../common/pagination/page.dto';
import { HomeImagesDto, ImagePageDto } from './dto/image-page.dto';

/**
 * The placeholder product. Images, storage and uploads arrive with the gallery issue; for now the access
 * levels are real and the gallery is honestly empty.
 */
@Injectable()
export class ImagesService {
  home(): HomeImagesDto {
    return { items: [] };
  }

  list({ page, pageSize }: PageQueryDto): ImagePageDto {
    return { items: [], page, pageSize, total: 0 };
  }
}
