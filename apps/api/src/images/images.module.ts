import { Module } from '@nestjs/common';
import { AdminImagesController } from './admin-images.controller';
import { ImagesController } from './images.controller';
import { ImagesService } from './images.service';
import { MyImagesController } from './my-images.controller';

/** The cat gallery that shows how a product uses the account states. */
@Module({
  controllers: [ImagesController, MyImagesController, AdminImagesController],
  providers: [ImagesService],
})
export class ImagesModule {}
