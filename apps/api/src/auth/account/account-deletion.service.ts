import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../../mail/outbox.service';
import { User } from '../../users/user.entity';
import { PasswordHasher } from '../password/password-hasher';

/** Deleting one's own account for good. */
@Injectable()
export class AccountDeletionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Removes the account row; its sessions, refresh tokens and one-time tokens go with it (ON DELETE CASCADE),
   * so every access token fails at its next request. Mail still waiting for the account is cancelled and a
   * farewell notice queued, all in one transaction.
   */
  async delete(user: User, currentPassword: string): Promise<void> {
    await this.hasher.assertCurrentPassword(currentPassword, user.passwordHash);
    await this.dataSource.transaction(async (manager) => {
      // RETURNING gives the address as it is now, even if an email change was confirmed a moment ago.
      const deleted = await manager
        .createQueryBuilder()
        .delete()
        .from(User)
        .where('id = :id', { id: user.id })
        .returning(['email', 'nickname'])
        .execute();
      const row = deleted.raw[0] as Pick<User, 'email' | 'nickname'> | undefined;
      if (!row) return; // a parallel request deleted it and sent the notice
      await this.outbox.cancelForUser(manager, user.id, ['account-deleted']);
      await this.outbox.enqueue(manager, {
        to: row.email,
        template: 'account-deleted',
        data: { nickname: row.nickname, signUpUrl: `${this.config.publicUrl}/signup` },
      });
    });
  }
}
