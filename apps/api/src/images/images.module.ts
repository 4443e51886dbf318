import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { AccountDeletedListener } from './account-deleted.listener';
import { ImagesExportListener } from './account-export.listener';
import { AdminImagesController } from './admin-images.controller';
import { GalleryCache } from './gallery-cache';
import { Image } from './image.entity';
import { ImageProcessor } from './image-processor';
import { ImageUrls } from './image-urls';
import { ImagesController } from './images.controller';
import { ImagesRepository } from './images.repository';
import { ImagesService } from './images.service';
import { MyImagesController } from './my-images.controller';
import { OrphanFileSweeper } from './orphan-file-sweeper';
import { SampleImageFiles } from './samples/sample-image-files';
import { DiskImageStorage } from './storage/disk-image-storage';
import { ImageStorage } from './storage/image-storage';
import { S3ImageStorage } from './storage/s3-image-storage';

/**
 * The cat gallery that shows how a product uses the account states (docs/architecture.md › Account states and
 * guards / Routes and folders).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Image]), UsersModule],
  controllers: [ImagesController, MyImagesController, AdminImagesController],
  providers: [
    ImagesService,
    ImagesRepository,
    GalleryCache,
    AccountDeletedListener,
    ImagesExportListener,
    ImageProcessor,
    ImageUrls,
    OrphanFileSweeper,
    SampleImageFiles,
    // STORAGE_URL picks the storage; another ImageStorage bound here would keep images elsewhere still.
    {
      provide: ImageStorage,
      inject: [AppConfig],
      useFactory: ({ imageStorage: target }: AppConfig) =>
        target.kind === 's3' ? new S3ImageStorage(target) : new DiskImageStorage(target.dir),
    },
  ],
})
export class ImagesModule {}
