import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lockout that an attacker cannot turn against the owner (docs/architecture.md, Passwords, lockout and
 * throttling): wrong passwords from a browser or app that signed in before count on a row of their own, keyed
 * by the device id of its signed device token; and a session counts wrong current passwords, so a stolen
 * session cannot guess the password for long.
 */
export class AddDeviceLockouts1795430000000 implements MigrationInterface {
  name = 'AddDeviceLockouts1795430000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE device_lockouts (
        device_id varchar(32) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX device_lockouts_user_id_idx ON device_lockouts (user_id)`);
    await queryRunner.query(
      `ALTER TABLE sessions ADD COLUMN wrong_password_count integer NOT NULL DEFAULT 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sessions DROP COLUMN wrong_password_count`);
    await queryRunner.query(`DROP TABLE device_lockouts`);
  }
}
