import { Repository } from 'typeorm';
import { AccountDeletedEvent } from '../common/events/account-deleted.event';
import {
  accountServices,
  AccountServices,
  ACCOUNT_ENTITIES,
  insertAccount,
} from '../testing/account-services';
import { imageServices, ImageServices, testJpeg, uploadOf } from '../testing/image-services';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { User } from '../users/user.entity';
import { AccountDeletedListener } from './account-deleted.listener';

describe('AccountDeletedListener', () => {
  let db: TestDatabase;
  let services: AccountServices;
  let gallery: ImageServices;
  let listener: AccountDeletedListener;
  let users: Repository<User>;
  const newAccount = () => insertAccount(services, users, {});

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
    services = await accountServices(db.dataSource);
    gallery = await imageServices(db, services.config, services.users);
    listener = new AccountDeletedListener(gallery.images);
    users = db.dataSource.getRepository(User);
  });
  afterAll(async () => {
    await gallery?.close();
    await db?.close();
  });

  /** What AccountDeletionService does around its listeners: raise, delete the row, commit, then defer. */
  async function deleteAccount(userId: string): Promise<void> {
    const event = await db.dataSource.transaction(async (manager) => {
      const raised = new AccountDeletedEvent(manager, userId);
      await listener.removeImagesOf(raised);
      await manager.delete(User, { id: userId });
      return raised;
    });
    await event.runAfterCommitTasks();
  }

  it('removes the account’s images and their files once the deletion committed, and nobody else’s', async () => {
    const [user, other] = [await newAccount(), await newAccount()];
    const theirs = await gallery.images.upload(user, uploadOf(await testJpeg()));
    const kept = await gallery.images.upload(other, uploadOf(await testJpeg()));
    expect(await gallery.storedKeys()).toEqual(expect.arrayContaining([theirs.id, kept.id]));

    await deleteAccount(user.id);

    expect(await gallery.storedKeys()).not.toContain(theirs.id);
    expect(await gallery.storedKeys()).toContain(kept.id);
    await expect(gallery.images.get(other, theirs.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await gallery.images.get(other, kept.id)).id).toBe(kept.id);
  });

  it('leaves the files alone while the deletion has not committed', async () => {
    const user = await newAccount();
    const image = await gallery.images.upload(user, uploadOf(await testJpeg()));

    await db.dataSource.transaction(async (manager) => {
      await listener.removeImagesOf(new AccountDeletedEvent(manager, user.id));
    });

    expect(await gallery.storedKeys()).toContain(image.id);
  });
});
