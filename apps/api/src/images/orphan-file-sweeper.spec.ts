import { Logger } from '@nestjs/common';
import { Repository } from 'typeorm';
import { parseStorageUrl, S3StorageTarget } from '../config/storage-config';
import {
  accountServices,
  AccountServices,
  ACCOUNT_ENTITIES,
  insertAccount,
} from '../testing/account-services';
import { imageServices, ImageServices, testJpeg, uploadOf } from '../testing/image-services';
import { S3_TEST_CREDENTIALS, S3TestServer } from '../testing/s3-test-server';
import { testConfig } from '../testing/test-config';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { User } from '../users/user.entity';
import { Image } from './image.entity';
import { OrphanFileSweeper } from './orphan-file-sweeper';
import { S3ImageStorage } from './storage/s3-image-storage';

const HOUR = 3_600_000;
const orphanFiles = [{ name: 'full.png', bytes: Buffer.from('left behind') }];

describe('OrphanFileSweeper on S3 storage', () => {
  let db: TestDatabase;
  let server: S3TestServer;
  let storage: S3ImageStorage;
  let gallery: ImageServices;
  let rows: Repository<Image>;
  let owner: User;
  let sweeper: OrphanFileSweeper;

  beforeAll(async () => {
    Object.assign(process.env, S3_TEST_CREDENTIALS);
    [db, server] = await Promise.all([createTestDatabase(ACCOUNT_ENTITIES), S3TestServer.start()]);
    const services: AccountServices = await accountServices(db.dataSource);
    storage = new S3ImageStorage(parseStorageUrl(server.storageUrl('sweep/')) as S3StorageTarget);
    gallery = await imageServices(db, services.config, services.users, storage);
    rows = db.dataSource.getRepository(Image);
    owner = await insertAccount(services, db.dataSource.getRepository(User));
    sweeper = new OrphanFileSweeper(rows, storage, testConfig({ IMAGE_SWEEP_GRACE: '1h' }));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    await sweeper?.onModuleDestroy();
    await storage?.onModuleDestroy();
    await gallery?.close();
    await Promise.all([db?.close(), server?.stop()]);
  });

  const upload = async () => gallery.images.upload(owner, uploadOf(await testJpeg()));
  const inAnHourAndABit = () => new Date(Date.now() + HOUR + 5000);

  it('deletes files whose row is gone once they are older than the grace period, and keeps the rest', async () => {
    const kept = await upload();
    const rowDeleted = await upload();
    await rows.delete({ id: rowDeleted.id }); // as if removing its files had failed after the row went
    await storage.put('never-had-a-row', orphanFiles); // as if the process died before the row was written

    expect(await sweeper.sweep()).toBe(0); // all younger than the grace period
    expect(await gallery.storedKeys()).toEqual(
      expect.arrayContaining([kept.id, rowDeleted.id, 'never-had-a-row']),
    );

    expect(await sweeper.sweep(inAnHourAndABit())).toBe(2);

    expect(await gallery.storedKeys()).toEqual([kept.id]);
    expect(await storage.open(kept.id, 'full.jpg')).toBeDefined();
    expect(await sweeper.sweep(inAnHourAndABit())).toBe(0);
  });

  it('keeps the files of sample images, whose rows the migration made', async () => {
    await storage.put('sample-black-cat-moon', orphanFiles);

    expect(await sweeper.sweep(inAnHourAndABit())).toBe(0);

    expect(await gallery.storedKeys()).toContain('sample-black-cat-moon');
  });
});
