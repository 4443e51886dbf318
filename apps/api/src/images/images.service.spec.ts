import { Logger } from '@nestjs/common';
import { text } from 'node:stream/consumers';
import { Repository } from 'typeorm';
import {
  accountServices,
  AccountServices,
  ACCOUNT_ENTITIES,
  insertAccount,
} from '../testing/account-services';
import { imageServices, ImageServices, testJpeg, uploadOf } from '../testing/image-services';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { User } from '../users/user.entity';
import { ImageDto } from './dto/image.dto';
import { Image } from './image.entity';
import { SAMPLE_IMAGES } from './samples/sample-images';

describe('ImagesService', () => {
  let db: TestDatabase;
  let services: AccountServices;
  let gallery: ImageServices;
  let rows: Repository<Image>;
  let owner: User;
  let other: User;
  let admin: User;

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
    services = await accountServices(db.dataSource);
    gallery = await imageServices(db, services.config, services.users);
    rows = db.dataSource.getRepository(Image);
    const users = db.dataSource.getRepository(User);
    [owner, other, admin] = [
      await insertAccount(services, users),
      await insertAccount(services, users),
      await insertAccount(services, users, { role: 'admin' }),
    ];
  });
  afterAll(async () => {
    await gallery?.close();
    await db?.close();
  });

  const upload = async (user = owner, name = 'A test cat') =>
    gallery.images.upload(user, uploadOf(await testJpeg(), name));
  const galleryIds = async () =>
    (await gallery.images.list({ page: 1, pageSize: 100 })).items.map(({ id }) => id);
  /** Reads a signed URL back through openFile, as the controller does. */
  const fetchBytes = async (image: ImageDto, which: 'url' | 'thumbnailUrl') => {
    const url = new URL(image[which]);
    const variant = which === 'url' ? 'full' : 'thumbnail';
    const query = {
      expires: Number(url.searchParams.get('expires')),
      signature: url.searchParams.get('signature')!,
    };
    return gallery.images.openFile(image.id, variant, query);
  };

  it('starts with the twelve sample images in their order, five of them on the home page', async () => {
    const samples = SAMPLE_IMAGES.map(({ id }) => id);
    expect((await galleryIds()).filter((id) => samples.includes(id))).toEqual(samples);
    const home = await gallery.images.home();
    expect(home.items.map(({ id }) => id)).toEqual(SAMPLE_IMAGES.filter((s) => s.onHome).map(({ id }) => id));
    expect(home.items[0]).toMatchObject({ owner: null, contentType: 'image/webp', width: 1200, height: 900 });
  });

  it('renders a sample’s files the first time they are asked for', async () => {
    const [sample] = (await gallery.images.home()).items;

    const file = await fetchBytes(sample, 'thumbnailUrl');

    expect(file.contentType).toBe('image/webp');
    expect(file.byteSize).toBeGreaterThan(1000);
    file.stream.destroy();
    expect(await gallery.storedKeys()).toContain('sample-tabby-windowsill-dusk');
  });

  it('stores an upload with its owner, shows it first in the gallery and serves its bytes', async () => {
    const image = await upload(owner, 'Fresh upload');

    expect(image).toMatchObject({
      name: 'Fresh upload',
      onAir: true,
      sequence: 0,
      contentType: 'image/jpeg',
    });
    expect(image.owner).toMatchObject({ id: owner.id, nickname: owner.nickname });
    expect((await galleryIds())[0]).toBe(image.id);
    expect(await gallery.storedKeys()).toContain(image.id);
    const full = await fetchBytes(image, 'url');
    expect(full).toMatchObject({ contentType: 'image/jpeg', byteSize: expect.any(Number) });
    expect((await text(full.stream)).length).toBeGreaterThan(0);
  });

  it('stores nothing when the upload is refused', async () => {
    const before = { rows: await rows.count(), keys: await gallery.storedKeys() };

    await expect(gallery.images.upload(owner, uploadOf(Buffer.from('not an image')))).rejects.toMatchObject({
      code: 'UNSUPPORTED_IMAGE_TYPE',
    });

    expect({ rows: await rows.count(), keys: await gallery.storedKeys() }).toEqual(before);
  });

  it('keeps new uploads off air when UPLOADS_START_ON_AIR is false', async () => {
    const config = (await accountServices(db.dataSource, { UPLOADS_START_ON_AIR: 'false' })).config;
    const held = await imageServices(db, config, services.users);
    try {
      const image = await held.images.upload(owner, uploadOf(await testJpeg()));
      expect(image.onAir).toBe(false);
      expect(await galleryIds()).not.toContain(image.id);
    } finally {
      await held.close();
    }
  });

  it('shows an off-air image to its owner and admins only', async () => {
    const image = await upload();
    await gallery.images.update(admin, image.id, { onAir: false });

    expect((await gallery.images.get(owner, image.id)).onAir).toBe(false);
    expect((await gallery.images.get(admin, image.id)).id).toBe(image.id);
    await expect(gallery.images.get(other, image.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
    });
    expect(await galleryIds()).not.toContain(image.id);
    const mine = await gallery.images.listOwnedBy(owner, { page: 1, pageSize: 100 });
    expect(mine.items.map(({ id }) => id)).toContain(image.id);
  });

  it('lets the owner rename and recaption, but not moderate', async () => {
    const image = await upload();

    const renamed = await gallery.images.update(owner, image.id, { name: 'Renamed', caption: 'New words' });
    expect(renamed).toMatchObject({ name: 'Renamed', caption: 'New words' });

    await expect(
      gallery.images.update(owner, image.id, { name: 'Sneaky', onHome: true }),
    ).rejects.toMatchObject({
      code: 'ADMIN_ONLY_FIELD',
      status: 403,
    });
    expect(await rows.findOneByOrFail({ id: image.id })).toMatchObject({ name: 'Renamed', onHome: false });
  });

  it('refuses another user’s change or deletion with 403 FORBIDDEN and keeps the image', async () => {
    const image = await upload();

    await expect(gallery.images.update(other, image.id, { name: 'Mine now' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });
    await expect(gallery.images.remove(other, image.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await rows.findOneByOrFail({ id: image.id })).toMatchObject({ name: image.name });
    expect(await gallery.storedKeys()).toContain(image.id);
  });

  it('deletes an image with its files for the owner, and for an admin', async () => {
    const [mine, moderated] = [await upload(), await upload()];

    await gallery.images.remove(owner, mine.id);
    await gallery.images.remove(admin, moderated.id);

    expect(await rows.countBy([{ id: mine.id }, { id: moderated.id }])).toBe(0);
    expect(await gallery.storedKeys()).not.toEqual(expect.arrayContaining([mine.id]));
    expect(await gallery.storedKeys()).not.toEqual(expect.arrayContaining([moderated.id]));
  });

  it("logs an admin's changes to and deletions of others' images, with field names only", async () => {
    const [changed, deleted, own] = [await upload(), await upload(), await upload(admin)];
    const info = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);

    await gallery.images.update(admin, changed.id, { onAir: false, caption: 'a private remark' });
    await gallery.images.remove(admin, deleted.id);
    await gallery.images.update(admin, own.id, { caption: 'my own cat' });
    await gallery.images.update(owner, changed.id, { caption: 'the owner edits' });

    const events = info.mock.calls.map(([event]) => event as Record<string, unknown>);
    info.mockRestore();
    const moderation = { actorId: admin.id, ownerId: owner.id };
    expect(events.filter((event) => String(event.event).startsWith('admin.'))).toEqual([
      { event: 'admin.image_updated', imageId: changed.id, ...moderation, fields: ['onAir', 'caption'] },
      { event: 'admin.image_deleted', imageId: deleted.id, ...moderation },
    ]);
    expect(JSON.stringify(events)).not.toContain('private remark');
  });

  it('lets an admin feature an image on the home page and set its sequence', async () => {
    const image = await upload();

    const featured = await gallery.images.update(admin, image.id, { onHome: true, sequence: 500 });

    expect(featured).toMatchObject({ onHome: true, sequence: 500 });
    expect((await gallery.images.home()).items.map(({ id }) => id)).toContain(image.id);
  });

  it('reorders: listed images first, all others after them in their previous order', async () => {
    const before = await galleryIds();
    const [first, second] = [before[before.length - 1], before[3]];

    await gallery.images.reorder([first, second]);

    const after = await galleryIds();
    expect(after.slice(0, 2)).toEqual([first, second]);
    expect(after.slice(2)).toEqual(before.filter((id) => id !== first && id !== second));
  });

  it('reorders in place: the listed images swap among their places, the others keep theirs', async () => {
    const before = await galleryIds();
    const listed = [before[5], before[1], before[3]];

    await gallery.images.reorder(listed, 'in_place');

    const after = await galleryIds();
    expect([after[1], after[3], after[5]]).toEqual(listed);
    expect(after.filter((_, index) => ![1, 3, 5].includes(index))).toEqual(
      before.filter((_, index) => ![1, 3, 5].includes(index)),
    );
  });

  it('reorders nothing when an id is unknown', async () => {
    const before = await galleryIds();

    await expect(
      gallery.images.reorder([before[1], '5a3e9f0c-1d2b-4c8e-a6f7-3b9d0e1c2a45']),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });

    expect(await galleryIds()).toEqual(before);
  });

  it('filters the moderation list by on-air and home flags', async () => {
    const offAir = await upload();
    await gallery.images.update(admin, offAir.id, { onAir: false });

    const hidden = await gallery.images.listForModeration({ page: 1, pageSize: 100, onAir: false });
    const home = await gallery.images.listForModeration({ page: 1, pageSize: 100, onHome: true });

    expect(hidden.items.map(({ id }) => id)).toContain(offAir.id);
    expect(hidden.items.every(({ onAir }) => !onAir)).toBe(true);
    expect(home.items.every(({ onHome }) => onHome)).toBe(true);
    expect(home.total).toBeGreaterThanOrEqual(5);
  });

  it('pages a list in one order and counts all of it, also past its last page', async () => {
    const all = await gallery.images.list({ page: 1, pageSize: 100 });

    const first = await gallery.images.list({ page: 1, pageSize: 5 });
    const second = await gallery.images.list({ page: 2, pageSize: 5 });
    const past = await gallery.images.list({ page: 1000, pageSize: 5 });

    expect([...first.items, ...second.items].map(({ id }) => id)).toEqual(
      all.items.slice(0, 10).map(({ id }) => id),
    );
    expect([first.total, second.total, past.total]).toEqual([all.total, all.total, all.total]);
    expect(past).toMatchObject({ items: [], page: 1000, pageSize: 5 });
    expect(all.total).toBe(await rows.countBy({ onAir: true }));
  });

  it('lists an image as its details show it, owner included', async () => {
    const image = await upload(other, 'Listed like its details');

    const [listed] = (await gallery.images.listOwnedBy(other, { page: 1, pageSize: 1 })).items;
    const details = await gallery.images.get(other, image.id);

    // The URLs' expiry is rounded, so both normally match; compare them by path only, never flaky.
    const withoutQuery = (dto: ImageDto) => ({
      ...dto,
      url: dto.url.split('?')[0],
      thumbnailUrl: dto.thumbnailUrl.split('?')[0],
      urlsExpireAt: undefined,
    });
    expect(withoutQuery(listed)).toEqual(withoutQuery(details));
    expect(listed.owner).toEqual({
      id: other.id,
      nickname: other.nickname,
      avatarUrl: services.users.avatarUrlOf(other),
    });
  });

  it('lists a change made straight in the database at once, as another instance or psql would make it', async () => {
    const image = await upload(other, 'Before the edit');
    const firstPage = () => gallery.images.list({ page: 1, pageSize: 24 });
    const listed = async (id: string) => (await firstPage()).items.find((item) => item.id === id);
    expect((await listed(image.id))?.name).toBe('Before the edit');
    expect(await firstPage()).toEqual(await firstPage());

    await db.dataSource.query(`UPDATE images SET name = 'After the edit' WHERE id = $1`, [image.id]);
    expect((await listed(image.id))?.name).toBe('After the edit');

    await db.dataSource.query(`UPDATE users SET nickname = 'renamed-owner' WHERE id = $1`, [other.id]);
    expect((await listed(image.id))?.owner?.nickname).toBe('renamed-owner');

    await db.dataSource.query(`UPDATE images SET on_air = false WHERE id = $1`, [image.id]);
    expect(await listed(image.id)).toBeUndefined();
  });

  it('counts an owner’s uploads and, unfiltered, every image for moderation', async () => {
    const mine = await gallery.images.listOwnedBy(owner, { page: 1, pageSize: 2 });
    const every = await gallery.images.listForModeration({ page: 1, pageSize: 2 });

    expect(mine.total).toBe(await rows.countBy({ ownerId: owner.id }));
    expect(mine.items.every(({ owner: by }) => by?.id === owner.id)).toBe(true);
    expect(every.total).toBe(await rows.count());
  });
});
