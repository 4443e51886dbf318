import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-step verification: each account's TOTP secret (sealed, pending until confirmed, with the step of the
 * last accepted code against replays) and its recovery codes (hashed, deleted when used). `users.mfa_enabled`
 * and `users.recovery_codes_left` are kept beside them in the same transactions, so the profile and the
 * sign-in decision need no extra read.
 */
export class CreateTwoStepVerification1795600000000 implements MigrationInterface {
  name = 'CreateTwoStepVerification1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE totp_credentials (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        secret_ciphertext text NOT NULL,
        confirmed_at timestamptz,
        last_used_step integer,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT recovery_codes_user_code_key UNIQUE (user_id, code_hash)
      )`);
    await queryRunner.query('ALTER TABLE users ADD COLUMN mfa_enabled boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE users ADD COLUMN recovery_codes_left integer NOT NULL DEFAULT 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users DROP COLUMN recovery_codes_left');
    await queryRunner.query('ALTER TABLE users DROP COLUMN mfa_enabled');
    await queryRunner.query('DROP TABLE recovery_codes');
    await queryRunner.query('DROP TABLE totp_credentials');
  }
}
