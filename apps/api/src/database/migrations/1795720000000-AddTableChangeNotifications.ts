import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change notifications for in-memory caches: a statement that changes `images`, or the owner fields a gallery
 * shows (`users.nickname`, `users.avatar_variant`), NOTIFYs `latchkey_table_changes` with the table's name.
 * PostgreSQL sends it at commit to every listening connection, on every instance (TableChanges).
 */
export class AddTableChangeNotifications1795720000000 implements MigrationInterface {
  name = 'AddTableChangeNotifications1795720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_table_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('latchkey_table_changes', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER images_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON images
      FOR EACH STATEMENT EXECUTE FUNCTION notify_table_change()`);
    await queryRunner.query(`
      CREATE TRIGGER users_gallery_fields_changed AFTER UPDATE OF nickname, avatar_variant ON users
      FOR EACH STATEMENT EXECUTE FUNCTION notify_table_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER users_gallery_fields_changed ON users');
    await queryRunner.query('DROP TRIGGER images_changed ON images');
    await queryRunner.query('DROP FUNCTION notify_table_change()');
  }
}
