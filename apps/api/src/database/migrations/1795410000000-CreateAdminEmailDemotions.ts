import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Addresses whose admin role was taken away (admin API or CLI). An address listed in ADMIN_EMAILS is
 * promoted by a password reset only while it is not here, so a demotion lasts, even past the account's
 * deletion and a new sign-up with the same address. Kept by address, not on the account, for that reason.
 */
export class CreateAdminEmailDemotions1795410000000 implements MigrationInterface {
  name = 'CreateAdminEmailDemotions1795410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE admin_email_demotions (
        email varchar(320) PRIMARY KEY,
        demoted_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE admin_email_demotions`);
  }
}
