import type { Readable } from 'node:stream';

export interface StoredFile {
  name: string;
  bytes: Buffer;
}

export interface OpenedFile {
  stream: Readable;
  byteSize: number;
}

/** A key that holds files, with when its newest file was written: what the orphan sweep judges. */
export interface StoredKey {
  key: string;
  storedAt: Date;
}

/** Keys and names are ours, never a client's, but a path must not escape its root whatever happens. */
const SAFE_SEGMENT = /^[a-z0-9][a-z0-9._-]{0,199}$/i;

export function isSafeSegment(segment: string): boolean {
  return SAFE_SEGMENT.test(segment) && !segment.includes('..');
}

/** The segment itself when it is a safe key or file name; throws otherwise. */
export function safeSegment(segment: string): string {
  if (!isSafeSegment(segment)) {
    throw new Error(`unsafe image storage path segment: ${JSON.stringify(segment)}`);
  }
  return segment;
}

/**
 * Where image bytes live: one folder-like key per image holding its named files. The default keeps them on
 * disk (DiskImageStorage); STORAGE_URL=s3://… keeps them in a bucket (S3ImageStorage).
 */
export abstract class ImageStorage {
  /** Stores all files of a key at once: afterwards either every file is there or none is. */
  abstract put(key: string, files: StoredFile[]): Promise<void>;
  /** Undefined when the key or the file does not exist. */
  abstract open(key: string, name: string): Promise<OpenedFile | undefined>;
  /** Removes the key and its files; a key that does not exist is not an error. */
  abstract remove(key: string): Promise<void>;
  /** Every key holding files, each once, in no promised order; listed as it goes, never all in memory. */
  abstract keys(): AsyncIterable<StoredKey>;
}
