import { Injectable, Logger } from '@nestjs/common';
import { THUMBNAIL_SIDE } from '../image-processor';
import { ImageStorage } from '../storage/image-storage';
import { renderSample } from './render-sample';
import { SAMPLE_IMAGES } from './sample-images';

/**
 * The sample images' files, rendered from their drawings the first time they are asked for (and again if
 * the storage folder was wiped). Lazy, so starting the app costs nothing; the SeedSampleImages migration
 * made the rows, and a sample an admin deleted has no row, so its files are never asked for.
 */
@Injectable()
export class SampleImageFiles {
  private readonly logger = new Logger(SampleImageFiles.name);
  /** Renders in progress, so a page asking for five thumbnails at once renders each sample once. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly storage: ImageStorage) {}

  /** Writes the files of the sample with this id and storage key; false when the id is no sample. */
  async restore(imageId: string, storageKey: string): Promise<boolean> {
    const sample = SAMPLE_IMAGES.find(({ id }) => id === imageId);
    if (!sample) return false;
    let render = this.pending.get(storageKey);
    if (!render) {
      render = this.write(storageKey, sample).finally(() => this.pending.delete(storageKey));
      this.pending.set(storageKey, render);
    }
    await render;
    return true;
  }

  private async write(storageKey: string, sample: (typeof SAMPLE_IMAGES)[number]): Promise<void> {
    const files = await renderSample(sample, THUMBNAIL_SIDE);
    try {
      await this.storage.put(storageKey, files);
      this.logger.log(`rendered the sample image "${sample.name}" into image storage`);
    } catch (error) {
      // Usually another instance sharing the storage wrote them a moment ago, and its files stand.
      this.logger.warn(`could not store the sample image "${sample.name}": ${String(error)}`);
    }
  }
}
