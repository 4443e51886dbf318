import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImageStorage, OpenedFile, StoredFile } from './image-storage';

/** Keys and names are ours, never a client's, but a path must not escape the root whatever happens. */
const SAFE_SEGMENT = /^[a-z0-9][a-z0-9._-]{0,199}$/i;
/** Files being written; never a key, since keys cannot start with a dot. */
const STAGING_DIR = '.staging';

/** One folder per key under the root; a put writes a staging folder and renames it into place. */
export class DiskImageStorage extends ImageStorage {
  constructor(private readonly root: string) {
    super();
  }

  async put(key: string, files: StoredFile[]): Promise<void> {
    const target = this.pathOf(key);
    const staging = join(this.root, STAGING_DIR, randomUUID());
    await mkdir(staging, { recursive: true });
    try {
      await Promise.all(files.map(({ name, bytes }) => writeFile(join(staging, safe(name)), bytes)));
      await rename(staging, target); // refused when the key already holds files: a put never overwrites
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  async open(key: string, name: string): Promise<OpenedFile | undefined> {
    try {
      const handle = await open(join(this.pathOf(key), safe(name)), 'r');
      const { size } = await handle.stat();
      return { stream: createReadStream('', { fd: handle }), byteSize: size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { recursive: true, force: true });
  }

  private pathOf(key: string): string {
    return join(this.root, safe(key));
  }
}

function safe(segment: string): string {
  if (!SAFE_SEGMENT.test(segment) || segment.includes('..')) {
    throw new Error(`unsafe image storage path segment: ${JSON.stringify(segment)}`);
  }
  return segment;
}
