import { parseStorageUrl, S3StorageTarget } from '../../config/storage-config';
import { allKeys, behavesAsImageStorage } from '../../testing/image-storage-contract';
import { S3_TEST_CREDENTIALS, S3TestServer } from '../../testing/s3-test-server';
import { S3ImageStorage } from './s3-image-storage';

describe('S3ImageStorage against an S3-protocol server', () => {
  let server: S3TestServer;
  let storage: S3ImageStorage;
  let run = 0;

  beforeAll(async () => {
    Object.assign(process.env, S3_TEST_CREDENTIALS); // the SDK's default credential chain reads these
    server = await S3TestServer.start();
  });
  afterAll(() => server.stop());

  // A key prefix per test: the bucket is shared, the tests are not.
  const storageUnder = (prefix: string, pageSize?: number) =>
    new S3ImageStorage(parseStorageUrl(server.storageUrl(prefix)) as S3StorageTarget, pageSize);
  beforeEach(() => {
    storage = storageUnder(`run-${++run}/`);
  });
  afterEach(() => storage.onModuleDestroy());

  behavesAsImageStorage(() => storage);

  it('keeps deployments under different key prefixes apart', async () => {
    const other = storageUnder(`run-${run}-other/`);
    await other.put('abc-123', [{ name: 'full.png', bytes: Buffer.from('theirs') }]);

    expect(await storage.open('abc-123', 'full.png')).toBeUndefined();
    expect(await allKeys(storage)).toEqual([]);
    await other.onModuleDestroy();
  });

  it('lists keys across pages of the listing', async () => {
    // Two objects per key and 5 objects per page: pages end inside keys as well as between them.
    storage = storageUnder(`run-${run}-paged/`, 5);
    const names = Array.from({ length: 12 }, (_, i) => `key-${String(i).padStart(2, '0')}`);
    for (const key of names) {
      await storage.put(key, [
        { name: 'full.png', bytes: Buffer.from(key) },
        { name: 'thumbnail.webp', bytes: Buffer.from(key) },
      ]);
    }

    expect((await allKeys(storage)).map(({ key }) => key)).toEqual(names);
  });
});
