import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredFile } from '../storage/image-storage';
import { variantFile } from '../image-variant';
import { loadSharp } from '../load-sharp';
import { SAMPLES_DIR, type SampleImage } from './sample-images';

/** Where a sample's files live in image storage: named by its drawing, so a glance at the folder tells them apart. */
export function sampleStorageKey(sample: SampleImage): string {
  return `sample-${sample.file.replace(/\.svg$/, '')}`;
}

/**
 * Rasterises a sample's drawing to WebP, with a thumbnail fitting `thumbnailSide`, named as image storage
 * expects them. Deterministic for one version of sharp, so every instance renders the same bytes.
 */
export async function renderSample(sample: SampleImage, thumbnailSide: number): Promise<StoredFile[]> {
  const [svg, sharp] = await Promise.all([readFile(join(SAMPLES_DIR, sample.file)), loadSharp()]);
  const [full, thumbnail] = await Promise.all([
    sharp(svg).webp({ quality: 82 }).toBuffer(),
    sharp(svg).resize(thumbnailSide, thumbnailSide, { fit: 'inside' }).webp({ quality: 80 }).toBuffer(),
  ]);
  return [
    { name: variantFile('full', 'image/webp').name, bytes: full },
    { name: variantFile('thumbnail', 'image/webp').name, bytes: thumbnail },
  ];
}
