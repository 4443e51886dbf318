import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every drawing is 1200 × 900 and renders to WebP at that size, with a thumbnail fitting 480 × 480. Written
 * down rather than rendered here so that migrating stays quick; a unit test checks that renders match.
 */
export const SEEDED_SAMPLE_SIZE = { width: 1200, height: 900, thumbnailWidth: 480, thumbnailHeight: 360 };

/**
 * The rows as this migration inserted them, frozen here: a migration runs once per installation, so what it
 * writes must not change when the gallery's sample list changes later (migrations.spec.ts keeps migrations
 * free of imports from the app). The app renders each one's files from images/samples by id.
 */
export const SEEDED_SAMPLES: readonly {
  id: string;
  name: string;
  caption: string;
  storageKey: string;
  onHome: boolean;
}[] = [
  {
    id: '2d1c7249-caef-4d85-aef0-c09fefec4556',
    name: 'Tabby on a windowsill',
    caption: 'A tabby keeps watch from the windowsill while the sun sets over the rooftops.',
    storageKey: 'sample-tabby-windowsill-dusk',
    onHome: true,
  },
  {
    id: '00a5902f-a5f5-407e-9306-ab16812f74a3',
    name: 'Black cat under the moon',
    caption:
      'A black cat sits on the garden wall with a full moon behind it. Those yellow eyes miss nothing.',
    storageKey: 'sample-black-cat-moon',
    onHome: true,
  },
  {
    id: '45b8e88a-9643-49c6-a21f-5c0bd585034d',
    name: 'Ginger cat in a cardboard box',
    caption: 'If it fits, it sits. The box came with a parcel; the ginger cat is keeping it.',
    storageKey: 'sample-ginger-cat-box',
    onHome: true,
  },
  {
    id: '0acf5bf5-78f2-4759-a571-eb054df74a3a',
    name: 'Grey cat asleep in a sunbeam',
    caption: 'A grey cat has found the one warm patch of floor and is not moving until the sun does.',
    storageKey: 'sample-grey-cat-sunbeam',
    onHome: false,
  },
  {
    id: '1a35da9c-5faf-4d90-9f4c-874c9eb942cb',
    name: 'White kitten with a ball of yarn',
    caption: 'A white kitten bats at a ball of red yarn. Most of it is already across the floor.',
    storageKey: 'sample-white-kitten-yarn',
    onHome: true,
  },
  {
    id: '2fe764d9-dced-46c9-989b-e258643717a5',
    name: 'Calico on the bookshelf',
    caption: 'A calico has made herself comfortable on the middle shelf, tail hanging over the spines.',
    storageKey: 'sample-calico-bookshelf',
    onHome: false,
  },
  {
    id: '3c79699e-2ace-4cdb-b343-679268e949a9',
    name: 'Siamese and the goldfish bowl',
    caption: 'A Siamese studies the goldfish with great interest. The goldfish seems unconcerned.',
    storageKey: 'sample-siamese-goldfish-bowl',
    onHome: false,
  },
  {
    id: '3b433a3e-1d34-4df5-bc91-877d317f7982',
    name: 'Cat on a rooftop at night',
    caption: 'A cat sits on the roof ridge, gazing up at a crescent moon and the stars over the town.',
    storageKey: 'sample-rooftop-stars',
    onHome: false,
  },
  {
    id: 'ec01151e-bc7c-4019-916e-88450be056bb',
    name: 'Two cats sharing a cushion',
    caption: 'A tuxedo cat and a cream tabby nap side by side on the sofa, tails curled into a heart.',
    storageKey: 'sample-two-cats-cushion',
    onHome: true,
  },
  {
    id: 'e9e6d4fa-854d-4205-b8b1-282e6e8cc774',
    name: 'Cat stretching on the rug',
    caption: 'A big yawn and a long stretch on the rug: the start of another busy day of napping.',
    storageKey: 'sample-cat-stretching-rug',
    onHome: false,
  },
  {
    id: '06e9a9c4-b762-4e1c-9ee2-2943f4c0c54d',
    name: 'Cat peeking out of a paper bag',
    caption: 'The shopping has been unpacked, and the paper bag has been claimed.',
    storageKey: 'sample-cat-paper-bag',
    onHome: false,
  },
  {
    id: '3249b37b-73c4-49ee-906b-1b27bdc9a126',
    name: 'Tortoiseshell cat in the snow',
    caption:
      'A tortoiseshell cat sits out in the first snow of winter, with a few flakes already on her head.',
    storageKey: 'sample-tortie-cat-snow',
    onHome: false,
  },
];

/**
 * The gallery's sample cats, once per installation: a migration runs exactly once, so a sample an admin
 * deleted stays deleted. The files are written to image storage when the app starts (SampleImageFiles),
 * since migrations do not know where storage is.
 */
export class SeedSampleImages1795390000000 implements MigrationInterface {
  name = 'SeedSampleImages1795390000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { width, height, thumbnailWidth, thumbnailHeight } = SEEDED_SAMPLE_SIZE;
    for (const [index, sample] of SEEDED_SAMPLES.entries()) {
      await queryRunner.query(
        `INSERT INTO images (id, name, caption, storage_key, content_type, width, height,
           thumbnail_width, thumbnail_height, on_air, on_home, sequence, owner_id)
         VALUES ($1, $2, $3, $4, 'image/webp', $5, $6, $7, $8, true, $9, $10, NULL)`,
        [
          sample.id,
          sample.name,
          sample.caption,
          sample.storageKey,
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
    await queryRunner.query(`DELETE FROM images WHERE id = ANY($1)`, [SEEDED_SAMPLES.map(({ id }) => id)]);
  }
}
