import { Injectable, NotImplementedException, StreamableFile } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageQueryDto } from '../common/pagination/page.dto';
import type { User } from '../users/user.entity';
import { AdminImagesQueryDto } from './dto/admin-images-query.dto';
import { HomeImagesDto, ImageDto, ImagePageDto } from './dto/image.dto';
import { SignedUrlQueryDto } from './dto/signed-url-query.dto';
import { UpdateImageDto } from './dto/update-image.dto';
import type { ImageVariant } from './image-variant';

/** CONTRACT ONLY: the gallery's API surface, implemented on the helper/images-api branch. */
@Injectable()
export class ImagesService {
  home(): Promise<HomeImagesDto> {
    throw new NotImplementedException();
  }

  list(_query: PageQueryDto): Promise<ImagePageDto> {
    throw new NotImplementedException();
  }

  listOwnedBy(_user: User, _query: PageQueryDto): Promise<ImagePageDto> {
    throw new NotImplementedException();
  }

  listForModeration(_query: AdminImagesQueryDto): Promise<ImagePageDto> {
    throw new NotImplementedException();
  }

  get(_user: User, _id: string): Promise<ImageDto> {
    throw new NotImplementedException();
  }

  upload(_user: User, _request: FastifyRequest): Promise<ImageDto> {
    throw new NotImplementedException();
  }

  update(_user: User, _id: string, _change: UpdateImageDto): Promise<ImageDto> {
    throw new NotImplementedException();
  }

  remove(_user: User, _id: string): Promise<void> {
    throw new NotImplementedException();
  }

  reorder(_ids: string[]): Promise<void> {
    throw new NotImplementedException();
  }

  openFile(
    _id: string,
    _variant: ImageVariant,
    _query: SignedUrlQueryDto,
    _reply: FastifyReply,
  ): Promise<StreamableFile> {
    throw new NotImplementedException();
  }
}
