import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentSession } from '../auth/decorators/current-session.decorator';
import type { AuthenticatedSession } from '../auth/sessions/sessions.service';
import { PageQueryDto } from '../common/pagination/page.dto';
import {
  ApiProblems,
  UNAUTHENTICATED_PROBLEM,
  VALIDATION_PROBLEM,
} from '../common/problem/api-problems.decorator';
import { ImagePageDto } from './dto/image.dto';
import { ImagesService } from './images.service';

@ApiTags('images')
@ApiBearerAuth()
@Controller('users/me/images')
export class MyImagesController {
  constructor(private readonly images: ImagesService) {}

  @Get()
  @ApiOperation({
    summary: 'The signed-in user’s uploads',
    description: 'Newest first, off-air ones included.',
  })
  @ApiResponse({ status: 200, type: ImagePageDto })
  @ApiProblems(VALIDATION_PROBLEM, UNAUTHENTICATED_PROBLEM)
  list(
    @CurrentSession() { user }: AuthenticatedSession,
    @Query() query: PageQueryDto,
  ): Promise<ImagePageDto> {
    return this.images.listOwnedBy(user, query);
  }
}
