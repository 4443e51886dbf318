import { Body, Controller, Get, HttpCode, HttpStatus, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth/decorators/admin-only.decorator';
import { ApiProblems, VALIDATION_PROBLEM } from '../common/problem/api-problems.decorator';
import { AdminImagesQueryDto } from './dto/admin-images-query.dto';
import { ImagePageDto } from './dto/image.dto';
import { ReorderImagesDto } from './dto/reorder-images.dto';
import { UNKNOWN_IMAGES_PROBLEM } from './image.problems';
import { ImagesService } from './images.service';

@ApiTags('admin')
@AdminOnly()
@Controller('admin/images')
export class AdminImagesController {
  constructor(private readonly images: ImagesService) {}

  @Get()
  @ApiOperation({
    summary: 'Every image, for moderation',
    description:
      'On air or not, in the gallery’s order (sequence, then newest first); filter by onAir and onHome.',
  })
  @ApiResponse({ status: 200, type: ImagePageDto })
  @ApiProblems(VALIDATION_PROBLEM)
  list(@Query() query: AdminImagesQueryDto): Promise<ImagePageDto> {
    return this.images.listForModeration(query);
  }

  @Put('order')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Reorder the gallery',
    description:
      'Renumbers the whole gallery 1, 2, 3…: with `placement: first` (the default) the listed images come ' +
      'first in the given order and all others follow, keeping their relative order; with `in_place` the ' +
      'listed images swap among the places they hold, so the images a filtered page does not show keep ' +
      'theirs. All or nothing.',
  })
  @ApiResponse({ status: 204, description: 'Reordered.' })
  @ApiProblems(VALIDATION_PROBLEM, UNKNOWN_IMAGES_PROBLEM)
  async reorder(@Body() { ids, placement }: ReorderImagesDto): Promise<void> {
    await this.images.reorder(ids, placement);
  }
}
