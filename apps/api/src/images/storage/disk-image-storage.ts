import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, opendir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ImageStorage,
  isSafeSegment,
  OpenedFile,
  safeSegment as safe,
  StoredFile,
  StoredKey,
} from './image-storage';

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

  /** Folders under the root, by their modification time (set while the staging folder was filled). */
  async *keys(): AsyncIterable<StoredKey> {
    const dir = await opendir(this.root).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined; // nothing stored yet
      throw error;
    });
    if (!dir) return;
    for await (const entry of dir) {
      if (!entry.isDirectory() || !isSafeSegment(entry.name)) continue; // .staging is no key
      const stats = await stat(join(this.root, entry.name)).catch(() => undefined); // removed meanwhile
      if (stats) yield { key: entry.name, storedAt: stats.mtime };
    }
  }

  private pathOf(key: string): string {
    return join(this.root, safe(key));
  }
}
