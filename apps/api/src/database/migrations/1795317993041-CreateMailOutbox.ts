import { MigrationInterface, QueryRunner } from 'typeorm';

/** The transactional mail outbox (see src/mail/mail-outbox.entity.ts). */
export class CreateMailOutbox1795317993041 implements MigrationInterface {
  name = 'CreateMailOutbox1795317993041';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "to" varchar(320) NOT NULL,
        template varchar(64) NOT NULL,
        data jsonb NOT NULL,
        user_id uuid,
        status varchar(16) NOT NULL DEFAULT 'pending'
          CONSTRAINT mail_outbox_status_check
          CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled', 'expired')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_error text,
        message_id varchar(255),
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    // The claim query only ever looks at live rows; sent and dead rows pile up but stay out of this index.
    await queryRunner.query(`
      CREATE INDEX mail_outbox_claim_idx ON mail_outbox (next_attempt_at)
      WHERE status IN ('pending', 'sending')`);
    await queryRunner.query(`CREATE INDEX mail_outbox_user_id_idx ON mail_outbox (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE mail_outbox`);
  }
}
