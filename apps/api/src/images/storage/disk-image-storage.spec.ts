import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allKeys, behavesAsImageStorage } from '../../testing/image-storage-contract';
import { DiskImageStorage } from './disk-image-storage';

describe('DiskImageStorage', () => {
  let root: string;
  let storage: DiskImageStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'latchkey-storage-'));
    storage = new DiskImageStorage(join(root, 'images'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  behavesAsImageStorage(() => storage);

  it('leaves no staging files behind when a put is refused', async () => {
    await storage.put('abc-123', [{ name: 'full.png', bytes: Buffer.from('first') }]);

    await expect(
      storage.put('abc-123', [{ name: 'full.png', bytes: Buffer.from('second') }]),
    ).rejects.toThrow();

    expect(await readdir(join(root, 'images', '.staging'))).toEqual([]);
  });

  it('lists neither the staging folder nor stray files as keys', async () => {
    await storage.put('abc-123', [{ name: 'full.png', bytes: Buffer.from('x') }]);
    await mkdir(join(root, 'images', '.staging', 'in-flight'), { recursive: true });

    expect((await allKeys(storage)).map(({ key }) => key)).toEqual(['abc-123']);
  });
});
