import type { EntityManager } from 'typeorm';
import { TransactionalEvent } from './transactional-event';

/**
 * An account is being deleted: raised in the deletion's transaction after its row is locked and before it
 * goes, so listeners can still read what the account owns. Cascades remove the rows; listeners clean up what a
 * cascade cannot reach (files in image storage).
 */
export class AccountDeletedEvent extends TransactionalEvent {
  static readonly NAME = 'account.deleted';

  constructor(
    manager: EntityManager,
    readonly userId: string,
  ) {
    super(manager);
  }
}
