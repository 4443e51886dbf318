import Fastify from 'fastify';
import { EventEmitter } from 'node:events';
import type { PoolClient } from 'pg';
import { useSharedAnswers } from '../common/http/shared-answers';
import { TABLE_CHANGES_CHANNEL, TableChanges } from '../database/table-changes';
import { GALLERY_CACHE_SIZE, GALLERY_CACHE_TTL_MS, GalleryCache } from './gallery-cache';

/** A pooled connection as TableChanges sees one: it answers LISTEN and can hear notifications and end. */
class ListeningConnection extends EventEmitter {
  query = jest.fn(async () => undefined);
  hear(table: string): void {
    this.emit('notification', { channel: TABLE_CHANGES_CHANNEL, payload: table, processId: 1 });
  }
}

describe('GalleryCache', () => {
  let connection: ListeningConnection;
  let cache: GalleryCache;
  let reads: number;
  const load = async () => ({ read: ++reads });

  beforeEach(async () => {
    const tableChanges = new TableChanges();
    connection = new ListeningConnection();
    await tableChanges.onConnect(connection as unknown as PoolClient);
    cache = new GalleryCache(tableChanges);
    reads = 0;
  });

  it('reads a list once and serves it from memory after that', async () => {
    expect(await cache.read('24:0', load)).toEqual({ read: 1 });
    expect(await cache.read('24:0', load)).toEqual({ read: 1 });
    expect(await cache.read('24:24', load)).toEqual({ read: 2 });
    expect(connection.query).toHaveBeenCalledWith(`LISTEN ${TABLE_CHANGES_CHANNEL}`);
  });

  it('lets readers that miss together share one read', async () => {
    const answers = await Promise.all([cache.read('home', load), cache.read('home', load)]);
    expect(answers).toEqual([{ read: 1 }, { read: 1 }]);
    expect(reads).toBe(1);
  });

  it.each(['images', 'users'])('reads again after a change to %s', async (table) => {
    await cache.read('home', load);
    connection.hear(table);
    expect(await cache.read('home', load)).toEqual({ read: 2 });
  });

  it('keeps its lists through a change to another table or on another channel', async () => {
    await cache.read('home', load);
    connection.hear('sessions');
    connection.emit('notification', { channel: 'other', payload: 'images', processId: 1 });
    expect(await cache.read('home', load)).toEqual({ read: 1 });
  });

  it('does not keep a read that a change overtook', async () => {
    let finish!: (value: { read: number }) => void;
    const pending = cache.read('home', () => new Promise<{ read: number }>((resolve) => (finish = resolve)));
    connection.hear('images');
    finish({ read: 1 });
    expect(await pending).toEqual({ read: 1 });
    expect(await cache.read('home', load)).toEqual({ read: 1 }); // read anew: `load` counts from 0
    expect(reads).toBe(1);
  });

  it('reads again once the lifetime has passed, in case a notification never came', async () => {
    const start = Date.now();
    await cache.read('home', load, start);
    expect(await cache.read('home', load, start + GALLERY_CACHE_TTL_MS - 1)).toEqual({ read: 1 });
    expect(await cache.read('home', load, start + GALLERY_CACHE_TTL_MS)).toEqual({ read: 2 });
  });

  it('keeps no failed read', async () => {
    await expect(cache.read('home', () => Promise.reject(new Error('database down')))).rejects.toThrow();
    expect(await cache.read('home', load)).toEqual({ read: 1 });
  });

  it(`keeps at most ${GALLERY_CACHE_SIZE} lists, dropping the oldest`, async () => {
    for (let page = 0; page <= GALLERY_CACHE_SIZE; page++) await cache.read(`24:${page * 24}`, load);
    expect(await cache.read(`24:${GALLERY_CACHE_SIZE * 24}`, load)).toEqual({ read: GALLERY_CACHE_SIZE + 1 });
    expect(await cache.read('24:0', load)).toEqual({ read: GALLERY_CACHE_SIZE + 2 });
  });

  it('forgets everything when the last listening connection ends', async () => {
    await cache.read('home', load);
    connection.emit('end');
    expect(await cache.read('home', load)).toEqual({ read: 2 });
  });

  it('answers a kept list with the JSON made when it was read', async () => {
    const app = Fastify();
    useSharedAnswers(app);
    app.get('/home', () => cache.read('home', load));
    const list = await cache.read('home', load);
    // A kept list must not change; this one does, to show that answering it does not serialize it again.
    Object.assign(list, { read: 99 });

    expect((await app.inject('/home')).body).toBe('{"read":1}');
    await app.close();
  });
});
