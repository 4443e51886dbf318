import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The security activity and admin audit log (DESIGN.md §12): one row per event, written in the transaction of
 * its change. Both account references go to NULL when an account goes (the deletion listener sets the
 * pseudonym first); the three indexes serve the owner's list, the admin's list and its type filter, each
 * newest first with the id breaking ties for the keyset cursor. `clock_timestamp()`, not `now()`: the rows of
 * one transaction (an admin's PATCH that changes role and MFA) keep the order they were written in.
 */
export class CreateSecurityEvents1795700000000 implements MigrationInterface {
  name = 'CreateSecurityEvents1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE security_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type varchar(64) NOT NULL,
        subject_id uuid REFERENCES users(id) ON DELETE SET NULL,
        subject_pseudonym varchar(64),
        actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
        actor_pseudonym varchar(64),
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        ip varchar(64),
        user_agent varchar(512),
        session_id uuid,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(
      'CREATE INDEX security_events_subject_idx ON security_events (subject_id, occurred_at DESC, id DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX security_events_time_idx ON security_events (occurred_at DESC, id DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX security_events_type_idx ON security_events (type, occurred_at DESC, id DESC)',
    );
    await queryRunner.query('CREATE INDEX security_events_actor_idx ON security_events (actor_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE security_events');
  }
}
