import { MigrationInterface, QueryRunner } from 'typeorm';
import { SAMPLE_IMAGES } from '../../images/samples/sample-images';
import { sampleStorageKey } from '../../images/samples/render-sample';

/**
 * Every drawing is 1200 × 900 and renders to WebP at that size, with a thumbnail fitting 480 × 480. Written
 * down rather than rendered here so that migrating stays quick; a unit test checks that renders match.
 */
export const SEEDED_SAMPLE_SIZE = { width: 1200, height: 900, thumbnailWidth: 480, thumbnailHeight: 360 };

/**
 * The gallery's sample cats, once per installation: a migration runs exactly once, so a sample an admin
 * deleted stays deleted. The files are written to image storage when the app starts (SampleImageFiles),
 * since migrations do not know where storage is.
 */
export class SeedSampleImages1795390000000 implements MigrationInterface {
  name = 'SeedSampleImages1795390000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { width, height, thumbnailWidth, thumbnailHeight } = SEEDED_SAMPLE_SIZE;
    for (const [index, sample] of SAMPLE_IMAGES.entries()) {
      await queryRunner.query(
        `INSERT INTO images (id, name, caption, storage_key, content_type, width, height,
           thumbnail_width, thumbnail_height, on_air, on_home, sequence, owner_id)
         VALUES ($1, $2, $3, $4, 'image/webp', $5, $6, $7, $8, true, $9, $10, NULL)`,
        [
          sample.id,
          sample.name,
          sample.caption,
          sampleStorageKey(sample),
          width,
          height,
          thumbnailWidth,
          thumbnailHeight,
          sample.onHome,
          index + 1,
        ],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM images WHERE id = ANY($1)`, [SAMPLE_IMAGES.map(({ id }) => id)]);
  }
}
