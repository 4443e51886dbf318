import { Injectable } from '@nestjs/common';
import { BoundedMap } from '../common/bounded-map';
import { serializeOnce } from '../common/http/shared-answers';
import { TableChanges } from '../database/table-changes';

/** Longest a list is served from memory: the bound on staleness should a change notification never arrive. */
export const GALLERY_CACHE_TTL_MS = 10_000;
/** Lists kept, the oldest dropped first; a page of 24 images is about 20 kB. */
export const GALLERY_CACHE_SIZE = 64;

interface CachedList {
  list: Promise<unknown>;
  readAt: number;
}

/**
 * The lists everyone sees alike (the gallery's pages, the home page), kept in memory as answered until `images`
 * or an owner's shown fields change anywhere (TableChanges): a cached list costs no round trip. Readers that
 * miss together share one read; a read that a change overtakes is not kept. Each list's JSON is made once,
 * when it is read (serializeOnce). The caller's key names what else the list depends on, such as its URLs'
 * expiry (docs/architecture.md › Images).
 */
@Injectable()
export class GalleryCache {
  private readonly lists = new BoundedMap<string, CachedList>(GALLERY_CACHE_SIZE);

  constructor(tableChanges: TableChanges) {
    tableChanges.subscribe(['images', 'users'], () => this.lists.clear());
  }

  read<T extends object>(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
    const cached = this.lists.get(key);
    if (cached && now - cached.readAt < GALLERY_CACHE_TTL_MS) return cached.list as Promise<T>;
    const entry: CachedList = { list: load().then(serializeOnce), readAt: now };
    this.lists.set(key, entry);
    // A failed read is not kept: the next reader tries again.
    entry.list.catch(() => this.lists.get(key) === entry && this.lists.delete(key));
    return entry.list as Promise<T>;
  }
}
