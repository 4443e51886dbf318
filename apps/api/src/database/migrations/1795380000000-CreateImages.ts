import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gallery (docs/architecture.md › Routes and folders): one row per image; the bytes live in image storage
 * under `storage_key`.
 */
export class CreateImages1795380000000 implements MigrationInterface {
  name = 'CreateImages1795380000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE images (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(80) NOT NULL,
        caption varchar(500) NOT NULL DEFAULT '',
        storage_key varchar(200) NOT NULL,
        content_type varchar(32) NOT NULL
          CONSTRAINT images_content_type_check CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
        width integer NOT NULL CONSTRAINT images_width_check CHECK (width > 0),
        height integer NOT NULL CONSTRAINT images_height_check CHECK (height > 0),
        thumbnail_width integer NOT NULL CONSTRAINT images_thumbnail_width_check CHECK (thumbnail_width > 0),
        thumbnail_height integer NOT NULL CONSTRAINT images_thumbnail_height_check CHECK (thumbnail_height > 0),
        on_air boolean NOT NULL DEFAULT true,
        on_home boolean NOT NULL DEFAULT false,
        sequence integer NOT NULL DEFAULT 0 CONSTRAINT images_sequence_check CHECK (sequence >= 0),
        owner_id uuid REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX images_storage_key_key ON images (storage_key)`);
    // The gallery's order (on-air only) and the moderation list's (everything).
    await queryRunner.query(
      `CREATE INDEX images_gallery_order_idx ON images (sequence, created_at DESC) WHERE on_air`,
    );
    await queryRunner.query(`CREATE INDEX images_order_idx ON images (sequence, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX images_owner_idx ON images (owner_id, created_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE images`);
  }
}
