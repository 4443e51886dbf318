import { Module } from '@nestjs/common';
import { ImagesController } from './images.controller';
import { ImagesService } from './images.service';

/** The cat gallery that shows how a product uses the account states. */
@Module({
  controllers: [ImagesController],
  providers: [ImagesService],
})
export class ImagesModule {}
