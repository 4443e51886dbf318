import type { Readable } from 'node:stream';

export interface StoredFile {
  name: string;
  bytes: Buffer;
}

export interface OpenedFile {
  stream: Readable;
  byteSize: number;
}

/**
 * Where image bytes live: one folder-like key per image holding its named files. The default keeps them on
 * disk (DiskImageStorage); an adopter may bind an object store instead by providing this token.
 */
export abstract class ImageStorage {
  /** Stores all files of a key at once: afterwards either every file is there or none is. */
  abstract put(key: string, files: StoredFile[]): Promise<void>;
  /** Undefined when the key or the file does not exist. */
  abstract open(key: string, name: string): Promise<OpenedFile | undefined>;
  /** Removes the key and its files; a key that does not exist is not an error. */
  abstract remove(key: string): Promise<void>;
}
