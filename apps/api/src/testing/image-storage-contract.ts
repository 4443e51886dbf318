import { text } from 'node:stream/consumers';
import type { ImageStorage, StoredKey } from '../images/storage/image-storage';

const files = (full: string) => [
  { name: 'full.png', bytes: Buffer.from(full) },
  { name: 'thumbnail.webp', bytes: Buffer.from('small') },
];

export async function allKeys(storage: ImageStorage): Promise<StoredKey[]> {
  const keys: StoredKey[] = [];
  for await (const key of storage.keys()) keys.push(key);
  return keys.sort((a, b) => a.key.localeCompare(b.key));
}

/** What every ImageStorage does, run against each implementation by its own spec. */
export function behavesAsImageStorage(storage: () => ImageStorage): void {
  it('stores the files of a key and opens each with its size', async () => {
    await storage().put('abc-123', files('the picture'));

    const opened = await storage().open('abc-123', 'full.png');
    expect(opened?.byteSize).toBe(11);
    expect(await text(opened!.stream)).toBe('the picture');
    expect(await text((await storage().open('abc-123', 'thumbnail.webp'))!.stream)).toBe('small');
    expect(await storage().open('abc-123', 'missing.png')).toBeUndefined();
    expect(await storage().open('abc', 'full.png')).toBeUndefined();
  });

  it('never overwrites a key', async () => {
    await storage().put('abc-123', files('first'));

    await expect(storage().put('abc-123', files('second'))).rejects.toThrow();

    expect(await text((await storage().open('abc-123', 'full.png'))!.stream)).toBe('first');
  });

  it('removes a key with its files, and only that key; removing a missing key is fine', async () => {
    await storage().put('abc-123', files('x'));
    await storage().put('abc-1234', files('y'));

    await storage().remove('abc-123');
    await storage().remove('abc-123');

    expect(await storage().open('abc-123', 'full.png')).toBeUndefined();
    expect(await storage().open('abc-1234', 'full.png')).toBeDefined();
  });

  it('lists each key once with when it was stored', async () => {
    expect(await allKeys(storage())).toEqual([]);
    const before = Date.now();
    await storage().put('b-key', files('x'));
    await storage().put('a-key', files('y'));

    const keys = await allKeys(storage());

    expect(keys.map(({ key }) => key)).toEqual(['a-key', 'b-key']);
    for (const { storedAt } of keys) {
      // Servers keep whole seconds; the file system's clock may lag the process's by a tick.
      expect(storedAt.getTime()).toBeGreaterThan(before - 2000);
      expect(storedAt.getTime()).toBeLessThan(Date.now() + 2000);
    }
  });

  it.each(['../escape', '.staging', 'a/b', ''])('refuses the unsafe key %j', async (key) => {
    await expect(storage().put(key, files('x'))).rejects.toThrow(/unsafe/);
    await expect(storage().open(key, 'full.png')).rejects.toThrow(/unsafe/);
    await expect(storage().remove(key)).rejects.toThrow(/unsafe/);
  });
}
