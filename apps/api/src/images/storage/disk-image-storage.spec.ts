import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { DiskImageStorage } from './disk-image-storage';

describe('DiskImageStorage', () => {
  let root: string;
  let storage: DiskImageStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'latchkey-storage-'));
    storage = new DiskImageStorage(join(root, 'images'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const files = (full: string) => [
    { name: 'full.png', bytes: Buffer.from(full) },
    { name: 'thumbnail.webp', bytes: Buffer.from('small') },
  ];

  it('stores the files of a key and opens each with its size', async () => {
    await storage.put('abc-123', files('the picture'));

    const opened = await storage.open('abc-123', 'full.png');
    expect(opened?.byteSize).toBe(11);
    expect(await text(opened!.stream)).toBe('the picture');
    expect(await storage.open('abc-123', 'missing.png')).toBeUndefined();
    expect(await storage.open('other', 'full.png')).toBeUndefined();
  });

  it('never overwrites a key, and leaves no staging files behind', async () => {
    await storage.put('abc-123', files('first'));

    await expect(storage.put('abc-123', files('second'))).rejects.toThrow();

    expect(await text((await storage.open('abc-123', 'full.png'))!.stream)).toBe('first');
    expect(await readdir(join(root, 'images', '.staging'))).toEqual([]);
  });

  it('removes a key with its files; removing a missing key is fine', async () => {
    await storage.put('abc-123', files('x'));

    await storage.remove('abc-123');
    await storage.remove('abc-123');

    expect(await storage.open('abc-123', 'full.png')).toBeUndefined();
  });

  it.each(['../escape', '.staging', 'a/b', ''])('refuses the unsafe key %j', async (key) => {
    await expect(storage.put(key, files('x'))).rejects.toThrow(/unsafe/);
    await expect(storage.open(key, 'full.png')).rejects.toThrow(/unsafe/);
  });
});
