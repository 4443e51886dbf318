import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Confirmed } from '../auth/decorators/confirmed.decorator';
import { Public } from '../auth/decorators/public.decorator';
import {
  ApiProblems,
  UNAUTHENTICATED_PROBLEM,
  VALIDATION_PROBLEM,
} from '../common/problem/api-problems.decorator';
import { PageQueryDto } from '../common/pagination/page.dto';
import { HomeImagesDto, ImagePageDto } from './dto/image-page.dto';
import { ImagesService } from './images.service';

@ApiTags('images')
@Controller('images')
export class ImagesController {
  constructor(private readonly images: ImagesService) {}

  @Public()
  @Get('home')
  @ApiOperation({ summary: 'The images shown on the home page, for everyone' })
  @ApiResponse({ status: 200, type: HomeImagesDto })
  home(): HomeImagesDto {
    return this.images.home();
  }

  @Confirmed()
  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The gallery, for confirmed (and, when required, approved) accounts' })
  @ApiResponse({ status: 200, type: ImagePageDto })
  @ApiProblems(
    VALIDATION_PROBLEM,
    UNAUTHENTICATED_PROBLEM,
    [403, 'EMAIL_NOT_CONFIRMED', 'The account’s email address is not confirmed yet.'],
    [403, 'ACCOUNT_PENDING_APPROVAL', 'The server requires approval and the account has none yet.'],
  )
  list(@Query() query: PageQueryDto): ImagePageDto {
    return this.images.list(query);
  }
}
