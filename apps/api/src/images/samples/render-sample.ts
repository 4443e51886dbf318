import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { SAMPLES_DIR, type SampleImage } from './sample-images';

export const SAMPLE_FULL_FILE = 'full.webp';
export const SAMPLE_THUMBNAIL_FILE = 'thumbnail.webp';

export interface RenderedFile {
  name: string;
  bytes: Buffer;
  width: number;
  height: number;
}

export interface RenderedSample {
  full: RenderedFile;
  thumbnail: RenderedFile;
}

/** Where a sample's files live in image storage: named by its drawing, so a glance at the folder tells them apart. */
export function sampleStorageKey(sample: SampleImage): string {
  return `sample-${sample.file.replace(/\.svg$/, '')}`;
}

/**
 * Rasterises a sample's drawing to WebP, with a thumbnail of the size uploads get. Deterministic for one
 * version of sharp, so every instance renders the same bytes.
 */
export async function renderSample(sample: SampleImage, thumbnailSide: number): Promise<RenderedSample> {
  const svg = await readFile(join(SAMPLES_DIR, sample.file));
  const [full, thumbnail] = await Promise.all([
    encode(SAMPLE_FULL_FILE, sharp(svg).webp({ quality: 82 })),
    encode(
      SAMPLE_THUMBNAIL_FILE,
      sharp(svg)
        .resize(thumbnailSide, thumbnailSide, { fit: 'inside' })
        .webp({ quality: 80 }),
    ),
  ]);
  return { full, thumbnail };
}

async function encode(name: string, image: Sharp): Promise<RenderedFile> {
  const { data, info } = await image.toBuffer({ resolveWithObject: true });
  return { name, bytes: data, width: info.width, height: info.height };
}
