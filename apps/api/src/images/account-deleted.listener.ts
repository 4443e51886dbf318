import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AccountDeletedEvent } from '../common/events/account-deleted.event';
import { ImagesService } from './images.service';

/** A deleted account's images: the rows go with the account (cascade), the files once that has committed. */
@Injectable()
export class AccountDeletedListener {
  constructor(private readonly images: ImagesService) {}

  // suppressErrors false: a failure here must fail the deletion's transaction, not vanish into a log.
  @OnEvent(AccountDeletedEvent.NAME, { suppressErrors: false })
  async removeImagesOf(event: AccountDeletedEvent): Promise<void> {
    const storageKeys = await this.images.storageKeysOwnedBy(event.manager, event.userId);
    event.afterCommit(() => this.images.removeFiles(storageKeys));
  }
}
