import { MigrationInterface, QueryRunner } from 'typeorm';

/** Wrong guesses of a short code (such as the 6-digit reset code), so a code dies after a few of them. */
export class AddOneTimeTokenFailedAttempts1795340000000 implements MigrationInterface {
  name = 'AddOneTimeTokenFailedAttempts1795340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE one_time_tokens ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE one_time_tokens DROP COLUMN failed_attempts`);
  }
}
