import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseEnumPipe,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator';
import { Confirmed } from '../auth/decorators/confirmed.decorator';
import { CurrentSession } from '../auth/decorators/current-session.decorator';
import { Public } from '../auth/decorators/public.decorator';
import type { AuthenticatedSession } from '../auth/sessions/sessions.service';
import { PageQueryDto } from '../common/pagination/page.dto';
import {
  ApiProblems,
  EMAIL_NOT_CONFIRMED_PROBLEM,
  PENDING_APPROVAL_PROBLEM,
  UNAUTHENTICATED_PROBLEM,
  VALIDATION_PROBLEM,
} from '../common/problem/api-problems.decorator';
import { HomeImagesDto, ImageDto, ImagePageDto } from './dto/image.dto';
import { SignedUrlQueryDto } from './dto/signed-url-query.dto';
import { UPLOAD_IMAGE_BODY_SCHEMA } from './dto/upload-image.dto';
import { UpdateImageDto } from './dto/update-image.dto';
import {
  ADMIN_ONLY_FIELD_PROBLEM,
  IMAGE_NOT_FOUND_PROBLEM,
  imageNotFound,
  IMAGE_TOO_LARGE_PROBLEM,
  IMAGE_TOO_MANY_PIXELS_PROBLEM,
  IMAGE_UNREADABLE_PROBLEM,
  INVALID_SIGNATURE_PROBLEM,
  MISSING_FILE_PROBLEM,
  NOT_IMAGE_OWNER_PROBLEM,
  UNSUPPORTED_IMAGE_TYPE_PROBLEM,
  UPLOADS_BUSY_PROBLEM,
  URL_EXPIRED_PROBLEM,
} from './image.problems';
import { IMAGE_VARIANTS, type ImageVariant } from './image-variant';
import { ImagesService } from './images.service';
import { readImageUpload } from './upload/read-image-upload';

const imageId = new ParseUUIDPipe({ exceptionFactory: imageNotFound });
const imageVariant = new ParseEnumPipe(
  Object.fromEntries(IMAGE_VARIANTS.map((variant) => [variant, variant])),
  {
    exceptionFactory: imageNotFound,
  },
);

@ApiTags('images')
@Controller('images')
export class ImagesController {
  constructor(private readonly images: ImagesService) {}

  @Public()
  @Get('home')
  @ApiOperation({ summary: 'The images shown on the home page, for everyone' })
  @ApiResponse({ status: 200, type: HomeImagesDto })
  home(): Promise<HomeImagesDto> {
    return this.images.home();
  }

  @Confirmed()
  @Get()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The gallery',
    description:
      'On-air images by sequence number, then newest first. For confirmed (and, when required, approved) accounts.',
  })
  @ApiResponse({ status: 200, type: ImagePageDto })
  @ApiProblems(
    VALIDATION_PROBLEM,
    UNAUTHENTICATED_PROBLEM,
    EMAIL_NOT_CONFIRMED_PROBLEM,
    PENDING_APPROVAL_PROBLEM,
  )
  list(@Query() query: PageQueryDto): Promise<ImagePageDto> {
    return this.images.list(query);
  }

  @Confirmed()
  @RateLimit('upload')
  @Post()
  @ApiBearerAuth()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_IMAGE_BODY_SCHEMA })
  @ApiOperation({
    summary: 'Upload an image',
    description:
      'Multipart: `file` (JPEG, PNG or WebP, judged by content), `name`, optional `caption`. The image is ' +
      're-encoded with its metadata stripped and gets a WebP thumbnail; nothing is stored when it is refused.',
  })
  @ApiResponse({ status: 201, type: ImageDto })
  @ApiProblems(
    MISSING_FILE_PROBLEM,
    UNAUTHENTICATED_PROBLEM,
    EMAIL_NOT_CONFIRMED_PROBLEM,
    PENDING_APPROVAL_PROBLEM,
    IMAGE_TOO_LARGE_PROBLEM,
    UNSUPPORTED_IMAGE_TYPE_PROBLEM,
    IMAGE_UNREADABLE_PROBLEM,
    IMAGE_TOO_MANY_PIXELS_PROBLEM,
    UPLOADS_BUSY_PROBLEM,
  )
  async upload(
    @CurrentSession() { user }: AuthenticatedSession,
    @Req() request: FastifyRequest,
  ): Promise<ImageDto> {
    return this.images.upload(user, await readImageUpload(request));
  }

  @Get(':id')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'One image’s details',
    description: 'For any signed-in account; off-air images only for their owner and admins.',
  })
  @ApiResponse({ status: 200, type: ImageDto })
  @ApiProblems(UNAUTHENTICATED_PROBLEM, IMAGE_NOT_FOUND_PROBLEM)
  get(@CurrentSession() { user }: AuthenticatedSession, @Param('id', imageId) id: string): Promise<ImageDto> {
    return this.images.get(user, id);
  }

  @Patch(':id')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Rename, recaption or moderate an image',
    description:
      'The owner may change name and caption; an admin may also change onAir, onHome and sequence.',
  })
  @ApiResponse({ status: 200, type: ImageDto })
  @ApiProblems(
    VALIDATION_PROBLEM,
    UNAUTHENTICATED_PROBLEM,
    NOT_IMAGE_OWNER_PROBLEM,
    ADMIN_ONLY_FIELD_PROBLEM,
    IMAGE_NOT_FOUND_PROBLEM,
  )
  update(
    @CurrentSession() { user }: AuthenticatedSession,
    @Param('id', imageId) id: string,
    @Body() change: UpdateImageDto,
  ): Promise<ImageDto> {
    return this.images.update(user, id, change);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete an image and its files', description: 'For its owner and admins.' })
  @ApiResponse({ status: 204, description: 'Deleted.' })
  @ApiProblems(UNAUTHENTICATED_PROBLEM, NOT_IMAGE_OWNER_PROBLEM, IMAGE_NOT_FOUND_PROBLEM)
  async remove(
    @CurrentSession() { user }: AuthenticatedSession,
    @Param('id', imageId) id: string,
  ): Promise<void> {
    await this.images.remove(user, id);
  }

  @Public()
  @Get(':id/:variant')
  @ApiParam({ name: 'variant', enum: IMAGE_VARIANTS })
  @ApiOperation({
    summary: 'An image’s bytes, through a signed URL',
    description:
      'Clients follow `url` and `thumbnailUrl` from image payloads rather than building these URLs. The ' +
      'answer may be cached privately until the URL expires.',
  })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  @ApiResponse({ status: 200, description: 'The image bytes.' })
  @ApiProblems(VALIDATION_PROBLEM, URL_EXPIRED_PROBLEM, INVALID_SIGNATURE_PROBLEM, IMAGE_NOT_FOUND_PROBLEM)
  async file(
    @Param('id', imageId) id: string,
    @Param('variant', imageVariant) variant: ImageVariant,
    @Query() query: SignedUrlQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const file = await this.images.openFile(id, variant, query);
    // Cacheable for as long as the URL works; inert if opened directly; loadable by a SPA on another origin.
    reply
      .header('cache-control', `private, max-age=${file.maxAgeSeconds}, immutable`)
      .header('content-security-policy', "default-src 'none'")
      .header('cross-origin-resource-policy', 'cross-origin');
    return new StreamableFile(file.stream, { type: file.contentType, length: file.byteSize });
  }
}
