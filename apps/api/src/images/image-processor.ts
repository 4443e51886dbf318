import { Injectable } from '@nestjs/common';
import type sharpModule from 'sharp';
import type { Sharp } from 'sharp';
import { problemException } from '../common/problem/api-problems.decorator';
import { AppConfig } from '../config/app-config';
import type { ImageContentType } from './image.entity';
import {
  IMAGE_TOO_MANY_PIXELS_PROBLEM,
  IMAGE_UNREADABLE_PROBLEM,
  UNSUPPORTED_IMAGE_TYPE_PROBLEM,
  uploadsBusy,
} from './image.problems';
import { loadSharp } from './load-sharp';
import { ProcessingQueue } from './processing-queue';

/** Longest side of a stored image; larger uploads are scaled down. */
export const MAX_IMAGE_SIDE = 2560;
/** Thumbnails fit in a square of this side. */
export const THUMBNAIL_SIDE = 480;
/** Images decoded at once, and uploads waiting for their turn; more are refused with UPLOADS_BUSY. */
export const PROCESSING_SLOTS = 1;
export const PROCESSING_QUEUE_LENGTH = 16;

export interface EncodedImage {
  bytes: Buffer;
  width: number;
  height: number;
}

export interface ProcessedImage {
  contentType: ImageContentType;
  full: EncodedImage;
  thumbnail: EncodedImage;
}

/** What the first bytes of a file say it is; names and declared types are never believed. */
const SIGNATURES: { contentType: ImageContentType; matches: (head: Buffer) => boolean }[] = [
  {
    contentType: 'image/jpeg',
    matches: (head) => head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  },
  {
    contentType: 'image/png',
    matches: (head) =>
      head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    contentType: 'image/webp',
    matches: (head) => head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP',
  },
];

/**
 * Turns an upload into what the gallery stores: the image re-encoded in its own format (upright, metadata
 * stripped, at most MAX_IMAGE_SIDE) and a WebP thumbnail. Throws the documented problems for anything else.
 */
@Injectable()
export class ImageProcessor {
  private readonly queue = new ProcessingQueue(PROCESSING_SLOTS, PROCESSING_QUEUE_LENGTH);

  constructor(private readonly config: AppConfig) {}

  async process(upload: Buffer): Promise<ProcessedImage> {
    const signature = SIGNATURES.find(({ matches }) => matches(upload));
    if (!signature) throw problemException(UNSUPPORTED_IMAGE_TYPE_PROBLEM, 'file');
    const processed = await this.queue.run(() => this.decode(upload, signature.contentType));
    if (!processed) throw uploadsBusy();
    return processed;
  }

  private async decode(upload: Buffer, contentType: ImageContentType): Promise<ProcessedImage> {
    const sharp = await loadSharp();
    await this.assertPixelCount(sharp, upload);
    const source = sharp(upload, {
      failOn: 'error',
      limitInputPixels: this.config.imageMaxPixels,
    }).autoOrient();
    try {
      // One after the other: two pipelines at once would hold two decodes of the image (measured: the
      // resident size of a burst of uploads grows with every pipeline running at once).
      const full = await encode(reencode(fitInside(source.clone(), MAX_IMAGE_SIDE), contentType));
      const thumbnail = await encode(fitInside(source.clone(), THUMBNAIL_SIDE).webp({ quality: 80 }));
      return { contentType, full, thumbnail };
    } catch {
      throw problemException(IMAGE_UNREADABLE_PROBLEM, 'file');
    }
  }

  /** Reads only the header, so a small file claiming a huge canvas is refused before anything is decoded. */
  private async assertPixelCount(sharp: typeof sharpModule, upload: Buffer): Promise<void> {
    let width: number | undefined;
    let height: number | undefined;
    try {
      ({ width, height } = await sharp(upload, { limitInputPixels: false }).metadata());
    } catch {
      throw problemException(IMAGE_UNREADABLE_PROBLEM, 'file');
    }
    if (!width || !height) throw problemException(IMAGE_UNREADABLE_PROBLEM, 'file');
    if (width * height > this.config.imageMaxPixels) {
      throw problemException(IMAGE_TOO_MANY_PIXELS_PROBLEM, 'file');
    }
  }
}

function fitInside(image: Sharp, side: number): Sharp {
  return image.resize(side, side, { fit: 'inside', withoutEnlargement: true });
}

/** Same format as uploaded; sharp drops EXIF, XMP and ICC unless asked to keep them, converting to sRGB. */
function reencode(image: Sharp, contentType: ImageContentType): Sharp {
  if (contentType === 'image/jpeg') return image.jpeg({ quality: 85 });
  if (contentType === 'image/png') return image.png({ compressionLevel: 8 });
  return image.webp({ quality: 85 });
}

async function encode(image: Sharp): Promise<EncodedImage> {
  const { data, info } = await image.toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}
