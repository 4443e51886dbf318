import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { ImagesService } from '../../images/images.service';
import { OutboxService } from '../../mail/outbox.service';
import { User } from '../../users/user.entity';
import { SensitiveChangeCheck } from '../reauth/sensitive-change-check';
import type { AuthenticatedSession } from '../sessions/sessions.service';

/** Deleting one's own account for good. */
@Injectable()
export class AccountDeletionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly sensitiveChangeCheck: SensitiveChangeCheck,
    private readonly outbox: OutboxService,
    private readonly images: ImagesService,
  ) {}

  /**
   * Removes the account row; its sessions, refresh tokens, one-time tokens and images go with it (ON DELETE
   * CASCADE), so every access token fails at its next request. Mail still waiting for the account is cancelled
   * and a farewell notice queued, all in one transaction; the images' files are removed once it committed.
   */
  async delete(session: AuthenticatedSession, currentPassword: string | undefined): Promise<void> {
    const { user } = session;
    await this.sensitiveChangeCheck.assert(session, currentPassword);
    const imageFiles = await this.dataSource.transaction(async (manager) => {
      const storageKeys = await this.images.storageKeysOwnedBy(manager, user.id);
      // RETURNING gives the address as it is now, even if an email change was confirmed a moment ago.
      const deleted = await manager
        .createQueryBuilder()
        .delete()
        .from(User)
        .where('id = :id', { id: user.id })
        .returning(['email', 'nickname'])
        .execute();
      const row = deleted.raw[0] as Pick<User, 'email' | 'nickname'> | undefined;
      if (!row) return []; // a parallel request deleted it, sent the notice and removes the files
      await this.outbox.cancelForUser(manager, user.id, ['account-deleted']);
      await this.outbox.enqueue(manager, {
        to: row.email,
        template: 'account-deleted',
        data: { nickname: row.nickname, signUpUrl: `${this.config.publicUrl}/signup` },
      });
      return storageKeys;
    });
    await this.images.removeFiles(imageFiles);
  }
}
