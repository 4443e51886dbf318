import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
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
  listImages,
  MAX_UPLOAD_BYTES,
  noiseImage,
  Outcome,
  signedInAdmin,
  signedInUser,
  SignedInUser,
  solidImage,
  storedFiles,
  storedFolders,
  uniqueEmail,
  uploaded,
  uploadImage,
  UploadInput,
  useServers,
  withParam,
} from './support';

const ADMIN_EMAIL = uniqueEmail('admin');
const STORAGE_DIR = mkdtempSync(join(tmpdir(), 'latchkey-e2e-images-'));
/** Lowered from 40 million so that a too-large image stays small on the wire. */
const MAX_PIXELS = 4_000_000;
const EXIF_MARKER = `exif-marker-${randomUUID()}`;

describe('gallery', () => {
  const servers = useServers({
    env: { ADMIN_EMAILS: ADMIN_EMAIL, IMAGE_STORAGE_DIR: STORAGE_DIR, IMAGE_MAX_PIXELS: String(MAX_PIXELS) },
  });
  const app = () => servers.app;
  let admin: SignedInUser;
  let owner: SignedInUser;
  let other: SignedInUser;

  beforeAll(async () => {
    admin = await signedInAdmin(app(), servers.sink, ADMIN_EMAIL);
    owner = await signedInUser(app(), servers.sink);
    other = await signedInUser(app(), servers.sink);
  });
  afterAll(() => rmSync(STORAGE_DIR, { recursive: true, force: true }));

  const myImages = (user: SignedInUser) => listImages(app(), '/users/me/images', user.accessToken);
  const everyImage = () => listImages(app(), '/admin/images', admin.accessToken);
  const getImage = (id: string, user: SignedInUser) =>
    app().client.get(`/images/${id}`, { token: user.accessToken });

  it('seeds twelve sample images without an owner, five of them on the home page, served as WebP', async () => {
    const home = await app().client.get<{ items: ImageDto[] }>('/images/home');
    expectStatus(home, 200);
    expect(home.body.items).toHaveLength(5);
    for (const image of home.body.items)
      expect(image).toMatchObject({ owner: null, onAir: true, onHome: true });
    const all = await everyImage();
    expect(all.total).toBe(12);
    expect(all.items.every((image) => image.owner === null && image.onAir)).toBe(true);
    expect((await listImages(app(), '/admin/images?onHome=true', admin.accessToken)).total).toBe(5);

    for (const image of home.body.items) {
      const thumbnail = await fetchSigned(app(), image.thumbnailUrl);
      expectStatus(thumbnail, 200);
      expect(thumbnail.headers.get('content-type')).toMatch(/^image\/webp/);
    }
    // The samples' files are rendered into image storage when first asked for: one folder per image.
    const folders = storedFolders(STORAGE_DIR);
    expect(folders.size).toBeGreaterThanOrEqual(5);
    for (const files of folders.values())
      expect(files).toEqual([expect.stringMatching(/^full\.\w+$/), 'thumbnail.webp']);
  });

  describe('access by account state', () => {
    const tokens = {} as Record<AccessLevel, string | undefined>;
    let sampleId: string;
    beforeAll(async () => {
      tokens.unconfirmed = (await signedInUser(app(), servers.sink, { confirmed: false })).accessToken;
      tokens.confirmed = (await signedInUser(app(), servers.sink)).accessToken;
      tokens.admin = admin.accessToken;
      sampleId = (await everyImage()).items[0].id;
    });

    const levels: AccessLevel[] = ['guest', 'unconfirmed', 'confirmed', 'admin'];
    const cases = IMAGE_ROUTE_ACCESS.flatMap((access) =>
      levels.map((level) => [access.route, level, access] as const),
    );
    it.each(cases)('%s as %s', async (_route, level, access) => {
      const response = await access.call({
        app: app(),
        token: tokens[level],
        sample: () => imageDetails(app(), sampleId, admin.accessToken),
        othersImage: () => uploaded(app(), owner.accessToken),
      });
      expectOutcome(response, access.outcomes[level]);
    });
  });

  describe('POST /images', () => {
    it('takes a JPEG: 201, in the gallery and my images, bytes at both URLs without a token, EXIF gone, files on disk', async () => {
      const filesBefore = storedFolders(STORAGE_DIR);
      const mineBefore = (await myImages(owner)).total;
      const bytes = await solidImage(640, 480, 'jpeg', EXIF_MARKER);
      expect((await sharp(bytes).metadata()).exif).toBeDefined();

      const response = await uploadImage(app(), owner.accessToken, {
        bytes,
        name: '  Tabby at noon ',
        caption: 'Sunny.',
      });

      expectStatus(response, 201);
      const image = response.body;
      const signed = (variant: string) =>
        new RegExp(
          `^${app().publicUrl}/api/v1/images/${image.id}/${variant}\\?expires=\\d+&signature=[\\w-]+$`,
        );
      expect(image).toEqual({
        id: expect.any(String),
        name: 'Tabby at noon',
        caption: 'Sunny.',
        contentType: 'image/jpeg',
        width: 640,
        height: 480,
        url: expect.stringMatching(signed('full')),
        thumbnailUrl: expect.stringMatching(signed('thumbnail')),
        thumbnailWidth: 480,
        thumbnailHeight: 360,
        urlsExpireAt: expect.any(String),
        onAir: true,
        onHome: false,
        sequence: expect.any(Number),
        owner: { id: owner.user.id, nickname: owner.user.nickname, avatarUrl: owner.user.avatarUrl },
        createdAt: expect.any(String),
      });
      const expires = Number(new URL(image.url).searchParams.get('expires'));
      expect(Math.abs(Date.parse(image.urlsExpireAt) - expires * 1000)).toBeLessThanOrEqual(1000);
      expect(expires * 1000).toBeGreaterThan(Date.now());

      expect(idsOf(await listImages(app(), '/images', other.accessToken))).toContain(image.id);
      const mine = await myImages(owner);
      expect(mine.total).toBe(mineBefore + 1);
      expect(idsOf(mine)).toContain(image.id);
      expect((await imageDetails(app(), image.id, other.accessToken)).name).toBe('Tabby at noon');

      const full = await fetchSigned(app(), image.url);
      expectStatus(full, 200);
      expect(full.headers.get('content-type')).toMatch(/^image\/jpeg/);
      const fullMeta = await sharp(full.raw).metadata();
      expect(fullMeta).toMatchObject({ format: 'jpeg', width: 640, height: 480 });
      expect(fullMeta.exif).toBeUndefined();
      expect(full.raw.includes(EXIF_MARKER)).toBe(false);
      const thumbnail = await fetchSigned(app(), image.thumbnailUrl);
      expectStatus(thumbnail, 200);
      expect(thumbnail.headers.get('content-type')).toMatch(/^image\/webp/);
      expect(await sharp(thumbnail.raw).metadata()).toMatchObject({
        format: 'webp',
        width: 480,
        height: 360,
      });

      const added = [...storedFolders(STORAGE_DIR)].filter(([folder]) => !filesBefore.has(folder));
      expect(added).toEqual([
        [expect.any(String), [expect.stringMatching(/^full\.jpe?g$/), 'thumbnail.webp']],
      ]);
    });

    it('judges the type by content: a PNG named cat.jpg and declared image/jpeg is kept and served as a PNG', async () => {
      const bytes = await solidImage(300, 200, 'png');
      const image = await uploaded(app(), owner.accessToken, {
        bytes,
        filename: 'cat.jpg',
        type: 'image/jpeg',
      });

      expect(image.contentType).toBe('image/png');
      const full = await fetchSigned(app(), image.url);
      expectStatus(full, 200);
      expect(full.headers.get('content-type')).toMatch(/^image\/png/);
      expect((await sharp(full.raw).metadata()).format).toBe('png');
    });

    it('keeps a WebP as WebP', async () => {
      const bytes = await solidImage(200, 300, 'webp');
      const image = await uploaded(app(), owner.accessToken, {
        bytes,
        filename: 'cat.webp',
        type: 'image/webp',
      });
      expect(image).toMatchObject({ contentType: 'image/webp', width: 200, height: 300 });
      expect((await fetchSigned(app(), image.url)).headers.get('content-type')).toMatch(/^image\/webp/);
    });

    it('scales the longest side down to 2560 px; the thumbnail fits 480 × 480', async () => {
      const image = await uploaded(app(), owner.accessToken, { bytes: await solidImage(1200, 3000, 'jpeg') });

      expect(image).toMatchObject({ width: 1024, height: 2560, thumbnailWidth: 192, thumbnailHeight: 480 });
      const full = await fetchSigned(app(), image.url);
      expect(await sharp(full.raw).metadata()).toMatchObject({ width: 1024, height: 2560 });
    });

    it('takes a file just under 5 MB', async () => {
      const bytes = await noiseImage(1200, 1400, 'png');
      expect(bytes.length).toBeLessThanOrEqual(MAX_UPLOAD_BYTES);
      expect(bytes.length).toBeGreaterThan(MAX_UPLOAD_BYTES - 300_000);
      const image = await uploaded(app(), owner.accessToken, {
        bytes,
        filename: 'noise.png',
        type: 'image/png',
      });
      expect(image).toMatchObject({ contentType: 'image/png', width: 1200, height: 1400 });
    });

    const truncated = async (format: 'png' | 'jpeg') => {
      const bytes = await noiseImage(400, 300, format);
      return bytes.subarray(0, Math.floor(bytes.length / 2));
    };
    const png = (bytes: Buffer, filename = 'cat.png') => ({ bytes, filename, type: 'image/png' });
    const small = async (fields: Partial<UploadInput>) => ({
      bytes: await solidImage(40, 30, 'jpeg'),
      ...fields,
    });
    const [UNSUPPORTED, UNREADABLE, INVALID]: Outcome[] = [
      [415, 'UNSUPPORTED_IMAGE_TYPE'],
      [422, 'IMAGE_UNREADABLE'],
      [400, 'VALIDATION_FAILED'],
    ];
    const refusals: [string, () => Promise<UploadInput>, Outcome][] = [
      [
        'a text file renamed .png',
        async () => png(Buffer.from('some notes\n'.repeat(20)), 'notes.png'),
        UNSUPPORTED,
      ],
      ['a GIF', async () => ({ bytes: await solidImage(40, 30, 'gif'), type: 'image/gif' }), UNSUPPORTED],
      ['a truncated PNG', async () => png(await truncated('png')), UNREADABLE],
      ['a truncated JPEG', async () => ({ bytes: await truncated('jpeg') }), UNREADABLE],
      ['a 6 MB image', async () => png(await noiseImage(1500, 1400, 'png')), [413, 'IMAGE_TOO_LARGE']],
      [
        `an image of more than IMAGE_MAX_PIXELS=${MAX_PIXELS} pixels`,
        async () => png(await solidImage(2200, 2000, 'png')),
        [422, 'IMAGE_TOO_MANY_PIXELS'],
      ],
      ['no file', async () => ({}), INVALID],
      ['no name', () => small({ name: undefined }), INVALID],
      ['a blank name', () => small({ name: '   ' }), INVALID],
      ['a name over 80 characters', () => small({ name: 'n'.repeat(81) }), INVALID],
      ['a caption over 500 characters', () => small({ caption: 'c'.repeat(501) }), INVALID],
    ];
    it.each(refusals)('refuses %s and stores nothing', async (_label, input, outcome) => {
      const body = { name: 'Refused cat', ...(await input()) };
      if (outcome[0] === 413) expect(body.bytes?.length).toBeGreaterThan(6_000_000);
      const filesBefore = storedFiles(STORAGE_DIR);
      const mineBefore = (await myImages(owner)).total;
      const allBefore = (await everyImage()).total;

      expectOutcome(await uploadImage(app(), owner.accessToken, body), outcome);

      expect((await myImages(owner)).total).toBe(mineBefore);
      expect((await everyImage()).total).toBe(allBefore);
      expect(storedFiles(STORAGE_DIR)).toEqual(filesBefore);
    });
  });

  describe('signed URLs', () => {
    let image: ImageDto;
    let second: ImageDto;
    beforeAll(async () => {
      image = await uploaded(app(), owner.accessToken);
      second = await uploaded(app(), owner.accessToken);
    });

    it('serve the bytes with or without a token', async () => {
      const guest = await fetchSigned(app(), image.url);
      const withToken = await fetchSigned(app(), image.url, other.accessToken);
      expectStatus(guest, 200);
      expect(withToken.raw.equals(guest.raw)).toBe(true);
    });

    const signature = (url: string) => new URL(url).searchParams.get('signature') ?? '';
    // The first character: every bit of it counts (the last one's low bits may be base64 padding).
    const flipFirst = (text: string) => (text.startsWith('A') ? 'B' : 'A') + text.slice(1);
    it.each([
      ['a changed signature', () => withParam(image.url, 'signature', flipFirst(signature(image.url)))],
      [
        'a later expiry',
        () =>
          withParam(
            image.url,
            'expires',
            String(Number(new URL(image.url).searchParams.get('expires')) + 60),
          ),
      ],
      [
        "the full image's signature on the thumbnail",
        () => withParam(image.thumbnailUrl, 'signature', signature(image.url)),
      ],
      ["another image's signature", () => withParam(image.url, 'signature', signature(second.url))],
    ])('refuse %s with 403 INVALID_SIGNATURE', async (_label, url) => {
      expectProblem(await fetchSigned(app(), url()), 403, 'INVALID_SIGNATURE');
    });
  });

  describe('PATCH and DELETE /images/:id', () => {
    it("refuse another user's change and deletion with 403 FORBIDDEN; the image stays as it was", async () => {
      const image = await uploaded(app(), owner.accessToken);
      const filesBefore = storedFiles(STORAGE_DIR);
      const token = other.accessToken;

      expectProblem(
        await app().client.patch(`/images/${image.id}`, { name: 'Mine now' }, { token }),
        403,
        'FORBIDDEN',
      );
      expectProblem(await app().client.delete(`/images/${image.id}`, undefined, { token }), 403, 'FORBIDDEN');

      expect(await imageDetails(app(), image.id, owner.accessToken)).toMatchObject({ name: image.name });
      expect(storedFiles(STORAGE_DIR)).toEqual(filesBefore);
      expectStatus(await fetchSigned(app(), image.url), 200);
    });

    it('let the owner delete an image: 204, gone from every list, its URLs and its files', async () => {
      const filesBefore = storedFiles(STORAGE_DIR);
      const image = await uploaded(app(), owner.accessToken);
      expect(storedFiles(STORAGE_DIR)).toHaveLength(filesBefore.length + 2);

      const response = await app().client.delete(`/images/${image.id}`, undefined, {
        token: owner.accessToken,
      });

      expectStatus(response, 204);
      expect(response.text).toBe('');
      expectProblem(await getImage(image.id, owner), 404, 'NOT_FOUND');
      expect(idsOf(await myImages(owner))).not.toContain(image.id);
      expect(idsOf(await listImages(app(), '/images', owner.accessToken))).not.toContain(image.id);
      expectProblem(await fetchSigned(app(), image.url), 404, 'NOT_FOUND');
      expect(storedFiles(STORAGE_DIR)).toEqual(filesBefore);
      const again = await app().client.delete(`/images/${image.id}`, undefined, { token: owner.accessToken });
      expectProblem(again, 404, 'NOT_FOUND');
    });

    it("let an admin delete another user's image", async () => {
      const filesBefore = storedFiles(STORAGE_DIR);
      const image = await uploaded(app(), owner.accessToken);
      expectStatus(
        await app().client.delete(`/images/${image.id}`, undefined, { token: admin.accessToken }),
        204,
      );
      expect(idsOf(await myImages(owner))).not.toContain(image.id);
      expect(storedFiles(STORAGE_DIR)).toEqual(filesBefore);
    });
  });

  it("deleting the account deletes the user's images and their files", async () => {
    const filesBefore = storedFiles(STORAGE_DIR);
    const leaving = await signedInUser(app(), servers.sink);
    const images = [await uploaded(app(), leaving.accessToken), await uploaded(app(), leaving.accessToken)];
    const offAir = await app().client.patch(
      `/images/${images[1].id}`,
      { onAir: false },
      { token: admin.accessToken },
    );
    expectStatus(offAir, 200);
    expect(storedFiles(STORAGE_DIR)).toHaveLength(filesBefore.length + 4);

    const deletion = await app().client.delete(
      '/users/me',
      { currentPassword: leaving.password },
      { token: leaving.accessToken },
    );

    expectStatus(deletion, 204);
    for (const image of images) {
      expectProblem(await getImage(image.id, admin), 404, 'NOT_FOUND');
      expectProblem(await fetchSigned(app(), image.thumbnailUrl), 404, 'NOT_FOUND');
    }
    const remaining = idsOf(await everyImage());
    for (const image of images) expect(remaining).not.toContain(image.id);
    expect(storedFiles(STORAGE_DIR)).toEqual(filesBefore);
  });
});
