import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  AccessLevel,
  expectOutcome,
  expectProblem,
  expectStatus,
  fetchSigned,
  idsOf,
  IMAGE_ROUTE_ACCESS,
  ImageDto,
  imageDetails,
  ImagePage,
  listImages,
  signedInAdmin,
  signedInUser,
  SignedInUser,
  solidImage,
  storedFolders,
  uniqueEmail,
  updateUser,
  uploaded,
  useServers,
} from './support';

const ADMIN_EMAIL = uniqueEmail('admin');
const URL_TTL_SECONDS = 2;

describe('gallery moderation (REQUIRE_APPROVAL=true, UPLOADS_START_ON_AIR=false, IMAGE_URL_TTL=2)', () => {
  const servers = useServers({
    env: {
      ADMIN_EMAILS: ADMIN_EMAIL,
      REQUIRE_APPROVAL: 'true',
      UPLOADS_START_ON_AIR: 'false',
      IMAGE_URL_TTL: String(URL_TTL_SECONDS),
    },
  });
  const app = () => servers.app;
  let admin: SignedInUser;
  let owner: SignedInUser;
  let viewer: SignedInUser;

  const approvedUser = async () => {
    const user = await signedInUser(app(), servers.sink);
    expectStatus(await updateUser(app(), admin.accessToken, user.user.id, { approved: true }), 200);
    return user;
  };
  beforeAll(async () => {
    admin = await signedInAdmin(app(), servers.sink, ADMIN_EMAIL);
    owner = await approvedUser();
    viewer = await approvedUser();
  });

  const moderate = async (id: string, change: Partial<ImageDto>) => {
    const response = await app().client.patch<ImageDto>(`/images/${id}`, change, {
      token: admin.accessToken,
    });
    expectStatus(response, 200);
    expect(response.body).toMatchObject(change);
    return response.body;
  };
  const onAirImage = async () => moderate((await uploaded(app(), owner.accessToken)).id, { onAir: true });
  const gallery = (user: SignedInUser) => listImages(app(), '/images', user.accessToken);
  const adminList = (query = '') => listImages(app(), `/admin/images${query}`, admin.accessToken);
  const homeIds = async () => {
    const response = await app().client.get<ImagePage>('/images/home');
    expectStatus(response, 200);
    return idsOf(response.body);
  };

  describe('access by account state', () => {
    const tokens = {} as Record<AccessLevel, string | undefined>;
    let sampleId: string;
    beforeAll(async () => {
      tokens.unconfirmed = (await signedInUser(app(), servers.sink, { confirmed: false })).accessToken;
      tokens.pending = (await signedInUser(app(), servers.sink)).accessToken;
      tokens.confirmed = (await approvedUser()).accessToken;
      tokens.admin = admin.accessToken;
      sampleId = (await adminList('?onAir=true')).items[0].id;
    });

    const levels: AccessLevel[] = ['guest', 'unconfirmed', 'pending', 'confirmed', 'admin'];
    const label = (level: AccessLevel) => (level === 'confirmed' ? 'confirmed and approved' : level);
    const cases = IMAGE_ROUTE_ACCESS.flatMap((access) =>
      levels.map((level) => [access.route, label(level), level, access] as const),
    );
    it.each(cases)('%s as %s', async (_route, _label, level, access) => {
      const response = await access.call({
        app: app(),
        token: tokens[level],
        sample: () => imageDetails(app(), sampleId, admin.accessToken), // fresh URLs: they live 2 s here
        othersImage: onAirImage,
      });
      expectOutcome(response, access.outcomes[level]);
    });
  });

  describe('PATCH /images/:id', () => {
    it('let the owner rename and recaption an image', async () => {
      const image = await onAirImage();
      const response = await app().client.patch<ImageDto>(
        `/images/${image.id}`,
        { name: ' Renamed cat ', caption: 'New caption' },
        { token: owner.accessToken },
      );
      expectStatus(response, 200);
      expect(response.body).toMatchObject({
        id: image.id,
        name: 'Renamed cat',
        caption: 'New caption',
        onAir: true,
      });
      expect(await imageDetails(app(), image.id, viewer.accessToken)).toMatchObject({ name: 'Renamed cat' });
    });

    it.each([[{ onAir: false }], [{ onHome: true }], [{ sequence: 1 }], [{ name: 'Fine', onAir: false }]])(
      'refuse the owner changing %j with 403 ADMIN_ONLY_FIELD, changing nothing',
      async (change) => {
        const image = await onAirImage();
        const response = await app().client.patch(`/images/${image.id}`, change, {
          token: owner.accessToken,
        });
        expectProblem(response, 403, 'ADMIN_ONLY_FIELD');
        expect(await imageDetails(app(), image.id, owner.accessToken)).toMatchObject({
          name: image.name,
          onAir: true,
          onHome: false,
          sequence: image.sequence,
        });
      },
    );

    it.each([
      [{ name: '' }],
      [{ name: 'n'.repeat(81) }],
      [{ caption: 'c'.repeat(501) }],
      [{ name: null }],
      [{ onAir: 'yes' }],
    ])('refuse %j with 400 VALIDATION_FAILED', async (change) => {
      const image = await onAirImage();
      const response = await app().client.patch(`/images/${image.id}`, change, { token: admin.accessToken });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect((await imageDetails(app(), image.id, owner.accessToken)).name).toBe(image.name);
    });

    it.each([randomUUID(), 'not-a-uuid'])(
      'answer 404 NOT_FOUND for an image id %s that is not there',
      async (id) => {
        const token = admin.accessToken;
        expectProblem(await app().client.get(`/images/${id}`, { token }), 404, 'NOT_FOUND');
        expectProblem(
          await app().client.patch(`/images/${id}`, { name: 'Ghost' }, { token }),
          404,
          'NOT_FOUND',
        );
        expectProblem(await app().client.delete(`/images/${id}`, undefined, { token }), 404, 'NOT_FOUND');
      },
    );
  });

  it('keeps a new upload off air, seen only by its owner and admins, until an admin puts it on air', async () => {
    const storageDir = join(app().dataDir, 'images'); // IMAGE_STORAGE_DIR's default
    const foldersBefore = storedFolders(storageDir);

    const image = await uploaded(app(), owner.accessToken, { bytes: await solidImage(90, 60, 'png') });

    expect(image.onAir).toBe(false);
    const added = [...storedFolders(storageDir)].filter(([folder]) => !foldersBefore.has(folder));
    expect(added).toEqual([[expect.any(String), ['full.png', 'thumbnail.webp']]]);
    expect(idsOf(await gallery(viewer))).not.toContain(image.id);
    expect(idsOf(await gallery(owner))).not.toContain(image.id);
    expectProblem(
      await app().client.get(`/images/${image.id}`, { token: viewer.accessToken }),
      404,
      'NOT_FOUND',
    );
    const forOwner = await imageDetails(app(), image.id, owner.accessToken);
    expect(forOwner.onAir).toBe(false);
    expectStatus(await fetchSigned(app(), forOwner.url), 200);
    expect((await listImages(app(), '/users/me/images', owner.accessToken)).items).toContainEqual(
      expect.objectContaining({ id: image.id, onAir: false }),
    );
    expect(idsOf(await adminList('?onAir=false'))).toContain(image.id);
    expect(idsOf(await adminList('?onAir=true'))).not.toContain(image.id);

    await moderate(image.id, { onAir: true });

    expect(idsOf(await gallery(viewer))).toContain(image.id);
    expect((await imageDetails(app(), image.id, viewer.accessToken)).onAir).toBe(true);
    expect(idsOf(await adminList('?onAir=true'))).toContain(image.id);
  });

  it('takes an image off air: gone from the gallery, the home page and its details for others; the owner keeps it', async () => {
    const image = await onAirImage();
    await moderate(image.id, { onHome: true });
    expect(await homeIds()).toContain(image.id);
    expect(idsOf(await adminList('?onHome=true'))).toContain(image.id);
    expect(idsOf(await adminList('?onHome=false'))).not.toContain(image.id);

    await moderate(image.id, { onAir: false });

    expect(await homeIds()).not.toContain(image.id);
    expect(idsOf(await gallery(viewer))).not.toContain(image.id);
    expectProblem(
      await app().client.get(`/images/${image.id}`, { token: viewer.accessToken }),
      404,
      'NOT_FOUND',
    );
    expect(await imageDetails(app(), image.id, owner.accessToken)).toMatchObject({
      onAir: false,
      onHome: true,
    });
    expect(idsOf(await listImages(app(), '/users/me/images', owner.accessToken))).toContain(image.id);
    expect((await imageDetails(app(), image.id, admin.accessToken)).onAir).toBe(false);
  });

  it('orders the gallery by sequence, then newest first', async () => {
    const older = await onAirImage();
    const newer = await onAirImage();
    await moderate(older.id, { sequence: 900_000 });
    await moderate(newer.id, { sequence: 900_000 });

    const { items } = await gallery(viewer);

    expect(idsOf({ items }).slice(-2)).toEqual([newer.id, older.id]);
    for (let index = 1; index < items.length; index++) {
      const [before, after] = [items[index - 1], items[index]];
      const inOrder =
        before.sequence < after.sequence ||
        (before.sequence === after.sequence && Date.parse(before.createdAt) >= Date.parse(after.createdAt));
      expect({ before, after, inOrder }).toMatchObject({ inOrder: true });
    }
  });

  describe('PUT /admin/images/order', () => {
    const reorder = (ids: unknown) =>
      app().client.put('/admin/images/order', { ids }, { token: admin.accessToken });
    const order = async () => (await adminList()).items.map(({ id, sequence }) => ({ id, sequence }));

    it('gives the listed images 1, 2, 3 in that order; the others follow in their previous order', async () => {
      await onAirImage();
      await uploaded(app(), owner.accessToken); // off air: the admin's order covers it too
      const before = idsOf(await adminList());
      const listed = [before[5], before[0], before[before.length - 1]];

      expectStatus(await reorder(listed), 204);

      const after = await order();
      expect(after.map(({ id }) => id)).toEqual([...listed, ...before.filter((id) => !listed.includes(id))]);
      expect(after.slice(0, 3).map(({ sequence }) => sequence)).toEqual([1, 2, 3]);
      for (const { sequence } of after.slice(3)) expect(sequence).toBeGreaterThan(3);
      const onAir = idsOf(await gallery(viewer));
      expect(onAir).toEqual(after.map(({ id }) => id).filter((id) => onAir.includes(id)));
    });

    it('with placement in_place, swaps the listed images among their places; every other image keeps its own', async () => {
      await uploaded(app(), owner.accessToken);
      await uploaded(app(), owner.accessToken);
      const before = idsOf(await adminList());
      // A filtered page: the off-air images, in the gallery's order, shown without the others between them.
      const page = idsOf(await adminList('?onAir=false'));
      expect(page.length).toBeGreaterThanOrEqual(3);
      const reordered = [...page].reverse();

      expectStatus(
        await app().client.put(
          '/admin/images/order',
          { ids: reordered, placement: 'in_place' },
          { token: admin.accessToken },
        ),
        204,
      );

      const after = await order();
      let next = 0;
      expect(after.map(({ id }) => id)).toEqual(
        before.map((id) => (page.includes(id) ? reordered[next++] : id)),
      );
      expect(after.map(({ sequence }) => sequence)).toEqual(after.map((_, index) => index + 1));
      expect(idsOf(await adminList('?onAir=false'))).toEqual(reordered);
    });

    it('refuses a list with an unknown id with 404 NOT_FOUND and changes nothing', async () => {
      const before = await order();

      expectProblem(await reorder([before[3].id, randomUUID()]), 404, 'NOT_FOUND');

      expect(await order()).toEqual(before);
    });

    it.each([
      ['an empty list', []],
      ['a repeated id', ['2d1c7249-caef-4d85-aef0-c09fefec4556', '2d1c7249-caef-4d85-aef0-c09fefec4556']],
      ['an id that is not a uuid', ['not-a-uuid']],
      ['no list', undefined],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, ids) => {
      const before = await order();
      expectProblem(await reorder(ids), 400, 'VALIDATION_FAILED');
      expect(await order()).toEqual(before);
    });

    it.each([['middle'], [''], [1], [['in_place']], ['in_place\ud800']])(
      'refuses placement %j with 400 VALIDATION_FAILED and changes nothing',
      async (placement) => {
        const before = await order();
        const ids = [before[1].id, before[0].id];
        const response = await app().client.put(
          '/admin/images/order',
          { ids, placement },
          { token: admin.accessToken },
        );
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(await order()).toEqual(before);
      },
    );

    it('refuses placement in_place with a stranger’s id (404 NOT_FOUND), as the default placement does', async () => {
      const before = await order();
      const response = await app().client.put(
        '/admin/images/order',
        { ids: [before[0].id, randomUUID()], placement: 'in_place' },
        { token: admin.accessToken },
      );
      expectProblem(response, 404, 'NOT_FOUND');
      expect(await order()).toEqual(before);
    });
  });

  it('refuses GET /admin/images?onAir=maybe with 400 VALIDATION_FAILED', async () => {
    const response = await app().client.get('/admin/images?onAir=maybe', { token: admin.accessToken });
    expectProblem(response, 400, 'VALIDATION_FAILED');
  });

  it('stops serving a signed URL once it expires (403 URL_EXPIRED); fresh details give working URLs again', async () => {
    const sampleId = (await gallery(viewer)).items[0].id;
    const image = await imageDetails(app(), sampleId, viewer.accessToken);
    const expiresAt = Number(new URL(image.url).searchParams.get('expires')) * 1000;
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + (URL_TTL_SECONDS + 2) * 1000);
    expectStatus(await fetchSigned(app(), image.url), 200);

    await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 1100));

    expectProblem(await fetchSigned(app(), image.url), 403, 'URL_EXPIRED');
    expectProblem(await fetchSigned(app(), image.thumbnailUrl), 403, 'URL_EXPIRED');
    const fresh = await imageDetails(app(), sampleId, viewer.accessToken);
    expectStatus(await fetchSigned(app(), fresh.url), 200);
  });
});
