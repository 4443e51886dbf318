import { EventEmitter2 } from '@nestjs/event-emitter';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { AppConfig } from '../config/app-config';
import { GalleryCache } from '../images/gallery-cache';
import { Image } from '../images/image.entity';
import { ImageProcessor } from '../images/image-processor';
import { ImageUrls } from '../images/image-urls';
import { ImagesRepository } from '../images/images.repository';
import { ImagesService } from '../images/images.service';
import { SampleImageFiles } from '../images/samples/sample-image-files';
import { DiskImageStorage } from '../images/storage/disk-image-storage';
import type { ImageStorage } from '../images/storage/image-storage';
import type { ImageUpload } from '../images/upload/read-image-upload';
import { UsersService } from '../users/users.service';
import { allKeys } from './image-storage-contract';
import type { TestDatabase } from './test-database';

/**
 * The gallery's services wired as ImagesModule wires them, on a test database and the given storage or a
 * disk storage of their own in a temp folder; `storedKeys` lists what is stored and `close` removes the folder.
 */
export async function imageServices(
  { dataSource, tableChanges }: TestDatabase,
  config: AppConfig,
  users: UsersService,
  given?: ImageStorage,
) {
  const storageDir = await mkdtemp(join(tmpdir(), 'latchkey-images-'));
  const storage = given ?? new DiskImageStorage(storageDir);
  const urls = new ImageUrls(config);
  const images = new ImagesService(
    dataSource.getRepository(Image),
    new ImagesRepository(dataSource),
    new GalleryCache(tableChanges),
    config,
    new ImageProcessor(config),
    storage,
    urls,
    new SampleImageFiles(storage),
    users,
    new EventEmitter2(),
  );
  return {
    images,
    storage,
    urls,
    storedKeys: async () => (await allKeys(storage)).map(({ key }) => key),
    close: () => rm(storageDir, { recursive: true, force: true }),
  };
}

export type ImageServices = Awaited<ReturnType<typeof imageServices>>;

/** A small photo-like JPEG (a gradient) of the given size, as an upload would bring it. */
export async function testJpeg(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .toBuffer();
}

export function uploadOf(file: Buffer, name = 'A test cat', caption = ''): ImageUpload {
  return { file, fields: { name, caption } };
}
