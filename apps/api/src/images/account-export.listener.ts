import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AccountExportRequestedEvent } from '../common/events/account-export-requested.event';
import { ImagesService } from './images.service';

/** The `images` section of a data export: each image's metadata and short-lived links to its files. */
@Injectable()
export class ImagesExportListener {
  constructor(private readonly images: ImagesService) {}

  @OnEvent(AccountExportRequestedEvent.NAME, { suppressErrors: false })
  async contribute(event: AccountExportRequestedEvent): Promise<void> {
    event.contribute('images', await this.images.allOwnedBy(event.userId));
  }
}
