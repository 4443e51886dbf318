import sharp from 'sharp';
import { SEEDED_SAMPLE_SIZE, SEEDED_SAMPLES } from '../../database/migrations/1795390000000-SeedSampleImages';
import { THUMBNAIL_SIDE } from '../image-processor';
import { renderSample, sampleStorageKey } from './render-sample';
import { SAMPLE_IMAGES } from './sample-images';

describe('the sample images', () => {
  it('are a dozen with unique ids and storage keys, five of them on the home page', () => {
    expect(SAMPLE_IMAGES).toHaveLength(12);
    expect(new Set(SAMPLE_IMAGES.map(({ id }) => id)).size).toBe(12);
    expect(new Set(SAMPLE_IMAGES.map(sampleStorageKey)).size).toBe(12);
    expect(SAMPLE_IMAGES.filter(({ onHome }) => onHome)).toHaveLength(5);
    for (const { name, caption } of SAMPLE_IMAGES) {
      expect(name.length).toBeLessThanOrEqual(80);
      expect(caption.length).toBeLessThanOrEqual(500);
    }
  });

  it('include every sample the seed migration inserted, under the storage key it recorded', () => {
    for (const seeded of SEEDED_SAMPLES) {
      const sample = SAMPLE_IMAGES.find(({ id }) => id === seeded.id);
      expect(sample && sampleStorageKey(sample)).toBe(seeded.storageKey);
    }
  });

  it.each(SAMPLE_IMAGES.map((sample) => [sample.file, sample]))(
    '%s renders to WebP files of the size the seed migration recorded',
    async (_file, sample) => {
      const [full, thumbnail] = await renderSample(sample, THUMBNAIL_SIDE);

      expect(full.name).toBe('full.webp');
      expect(thumbnail.name).toBe('thumbnail.webp');
      expect(await sharp(full.bytes).metadata()).toMatchObject({
        format: 'webp',
        width: SEEDED_SAMPLE_SIZE.width,
        height: SEEDED_SAMPLE_SIZE.height,
      });
      expect(await sharp(thumbnail.bytes).metadata()).toMatchObject({
        format: 'webp',
        width: SEEDED_SAMPLE_SIZE.thumbnailWidth,
        height: SEEDED_SAMPLE_SIZE.thumbnailHeight,
      });
    },
  );
});
