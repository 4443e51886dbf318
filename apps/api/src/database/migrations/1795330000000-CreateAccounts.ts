import { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, their sessions with rotating refresh tokens, one-time tokens, and the per-address mail caps. */
export class CreateAccounts1795330000000 implements MigrationInterface {
  name = 'CreateAccounts1795330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(320) NOT NULL,
        nickname varchar(32) NOT NULL,
        password_hash varchar(72),
        avatar_variant integer NOT NULL DEFAULT 0,
        role varchar(16) NOT NULL DEFAULT 'user' CONSTRAINT users_role_check CHECK (role IN ('user', 'admin')),
        email_confirmed_at timestamptz,
        approved_at timestamptz,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_canonical CHECK (email = lower(btrim(email)))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);
    await queryRunner.query(`CREATE UNIQUE INDEX users_nickname_key ON users (lower(nickname))`);

    await queryRunner.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        remember_me boolean NOT NULL DEFAULT false,
        user_agent varchar(512),
        ip varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX sessions_user_id_idx ON sessions (user_id)`);

    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash)`,
    );
    await queryRunner.query(`CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id)`);

    await queryRunner.query(`
      CREATE TABLE one_time_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose varchar(32) NOT NULL,
        token_hash char(64) NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX one_time_tokens_token_hash_key ON one_time_tokens (token_hash)`,
    );
    await queryRunner.query(
      `CREATE INDEX one_time_tokens_user_purpose_idx ON one_time_tokens (user_id, purpose)`,
    );

    await queryRunner.query(`
      CREATE TABLE mail_caps (
        address varchar(320) NOT NULL,
        purpose varchar(64) NOT NULL,
        last_sent_at timestamptz NOT NULL,
        PRIMARY KEY (address, purpose)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE mail_caps`);
    await queryRunner.query(`DROP TABLE one_time_tokens`);
    await queryRunner.query(`DROP TABLE refresh_tokens`);
    await queryRunner.query(`DROP TABLE sessions`);
    await queryRunner.query(`DROP TABLE users`);
  }
}
