import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Passkeys and the challenges of their ceremonies. Challenges live here, not in memory, so options fetched
 * from one instance verify on another; each is stored hashed, bound to its purpose (and user, for
 * registration), and spent by one conditional DELETE. `users.passkey_count` is kept beside the rows, in the
 * same transactions, so the profile needs no extra read and the limit of 20 holds under races.
 */
export class CreatePasskeys1795530000000 implements MigrationInterface {
  name = 'CreatePasskeys1795530000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE passkeys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        credential_id varchar(1400) NOT NULL,
        public_key bytea NOT NULL,
        counter bigint NOT NULL DEFAULT 0,
        transports text[] NOT NULL DEFAULT '{}',
        device_type varchar(16) NOT NULL,
        backed_up boolean NOT NULL,
        name varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        CONSTRAINT passkeys_credential_id_key UNIQUE (credential_id)
      )`);
    await queryRunner.query('CREATE INDEX passkeys_user_id_idx ON passkeys (user_id, created_at)');
    await queryRunner.query(`
      CREATE TABLE webauthn_challenges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        challenge_hash char(64) NOT NULL,
        purpose varchar(16) NOT NULL,
        user_id uuid REFERENCES users(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX webauthn_challenges_expires_at_idx ON webauthn_challenges (expires_at)',
    );
    await queryRunner.query('ALTER TABLE users ADD COLUMN passkey_count integer NOT NULL DEFAULT 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users DROP COLUMN passkey_count');
    await queryRunner.query('DROP TABLE webauthn_challenges');
    await queryRunner.query('DROP TABLE passkeys');
  }
}
