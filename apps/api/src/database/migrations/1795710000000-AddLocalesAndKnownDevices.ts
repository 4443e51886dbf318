import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Languages and new-sign-in notices: each account's `locale`, the locale each queued mail renders in (chosen
 * when it is queued, so a later change of the account's language does not rewrite mail already on its way),
 * and the devices each account signed in from, keyed by a hash (KnownDevices).
 */
export class AddLocalesAndKnownDevices1795710000000 implements MigrationInterface {
  name = 'AddLocalesAndKnownDevices1795710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE users ADD COLUMN locale varchar(8) NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'de'))`,
    );
    await queryRunner.query(`ALTER TABLE mail_outbox ADD COLUMN locale varchar(8) NOT NULL DEFAULT 'en'`);
    await queryRunner.query(`
      CREATE TABLE known_devices (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        device_key varchar(64) NOT NULL,
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, device_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE known_devices');
    await queryRunner.query('ALTER TABLE mail_outbox DROP COLUMN locale');
    await queryRunner.query('ALTER TABLE users DROP COLUMN locale');
  }
}
