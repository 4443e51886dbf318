import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each session records how and when its holder last proved who they are: `amr` for the access tokens,
 * `authenticated_at` for the routes that need a recent proof. Sessions from before were password sign-ins,
 * at their creation.
 */
export class AddSessionAuthentication1795500000000 implements MigrationInterface {
  name = 'AddSessionAuthentication1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE sessions
        ADD COLUMN amr text[] NOT NULL DEFAULT '{pwd}',
        ADD COLUMN authenticated_at timestamptz`);
    await queryRunner.query('UPDATE sessions SET authenticated_at = created_at');
    await queryRunner.query(`
      ALTER TABLE sessions
        ALTER COLUMN amr DROP DEFAULT,
        ALTER COLUMN authenticated_at SET DEFAULT now(),
        ALTER COLUMN authenticated_at SET NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE sessions DROP COLUMN authenticated_at, DROP COLUMN amr');
  }
}
