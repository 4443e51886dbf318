import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions get an absolute end that no refresh moves (SESSION_MAX_AGE), and an exchanged refresh token keeps
 * its successor, sealed, for the reuse grace, so a replay inside the grace gets that same successor back.
 * Sessions that exist already end 30 days (the default) after they began; their sliding expiry is capped
 * there, so it never points past the end.
 */
export class AddSessionLimits1795400000000 implements MigrationInterface {
  name = 'AddSessionLimits1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sessions ADD COLUMN absolute_expires_at timestamptz`);
    await queryRunner.query(`
      UPDATE sessions SET
        absolute_expires_at = created_at + interval '30 days',
        expires_at = LEAST(expires_at, created_at + interval '30 days')`);
    await queryRunner.query(`ALTER TABLE sessions ALTER COLUMN absolute_expires_at SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE refresh_tokens ADD COLUMN sealed_successor text`);
    // Only the few tokens exchanged within the grace hold a sealed successor; the sweep finds them here.
    await queryRunner.query(`
      CREATE INDEX refresh_tokens_sealed_successor_idx ON refresh_tokens (rotated_at)
        WHERE sealed_successor IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX refresh_tokens_sealed_successor_idx`);
    await queryRunner.query(`ALTER TABLE refresh_tokens DROP COLUMN sealed_successor`);
    await queryRunner.query(`ALTER TABLE sessions DROP COLUMN absolute_expires_at`);
  }
}
