import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The times of each address's capped mails of the last hour, per purpose, for the hourly cap on top of
 * the one-a-minute one. A mail sent within the hour before the upgrade counts already.
 */
export class AddMailCapRecentSends1795420010000 implements MigrationInterface {
  name = 'AddMailCapRecentSends1795420010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE mail_caps ADD COLUMN recent_sends timestamptz[] NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `UPDATE mail_caps SET recent_sends = ARRAY[last_sent_at] WHERE last_sent_at > now() - interval '1 hour'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE mail_caps DROP COLUMN recent_sends`);
  }
}
