import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Brute-force controls (docs/architecture.md › Passwords, lockout and throttling), kept in the database so
 * every API instance sees the same state:
 * per-account login failures and lockout on users, and the per-IP counters of rate-limiter-flexible.
 */
export class AddLoginThrottling1795370000000 implements MigrationInterface {
  name = 'AddLoginThrottling1795370000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE users
        ADD COLUMN failed_login_count integer NOT NULL DEFAULT 0,
        ADD COLUMN locked_until timestamptz`);
    // The layout RateLimiterPostgres expects (key, points, expire in epoch ms); created here rather than
    // by the library at start, so the app never needs DDL rights at runtime.
    await queryRunner.query(`
      CREATE TABLE rate_limits (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    await queryRunner.query(`CREATE INDEX rate_limits_expire_idx ON rate_limits (expire)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rate_limits`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN locked_until, DROP COLUMN failed_login_count`);
  }
}
