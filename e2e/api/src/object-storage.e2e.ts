import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  delay,
  expectProblem,
  expectStatus,
  fetchSigned,
  idsOf,
  listImages,
  signedInUser,
  SignedInUser,
  uploaded,
  useS3Bucket,
  useServers,
  useTwoServers,
  waitFor,
} from './support';
import { API_MAIN, REPO_ROOT } from './support/paths';

/**
 * docs/architecture.md › Images: with STORAGE_URL=s3://… image files live in a bucket (here s3rver, a real
 * S3-protocol server), every instance serves every image through its signed URLs, and files whose row is
 * gone are swept once they are older than the grace period.
 */
const SWEEP = { IMAGE_SWEEP_INTERVAL: '250ms', IMAGE_SWEEP_GRACE: '3s' };

describe('images in an S3 bucket', () => {
  const bucket = useS3Bucket();
  const servers = useServers({ env: Object.assign(bucket.env, SWEEP) });
  const app = () => servers.app;
  let owner: SignedInUser;

  beforeAll(async () => {
    owner = await signedInUser(app(), servers.sink);
  });

  it('stores an upload in the bucket, serves it by its signed URL, and deletes it with the image', async () => {
    const image = await uploaded(app(), owner.accessToken);
    expect(await bucket.keys(`${image.id}/`)).toEqual([`${image.id}/full.jpg`, `${image.id}/thumbnail.webp`]);
    expect(idsOf(await listImages(app(), '/users/me/images', owner.accessToken))).toContain(image.id);

    const full = await fetchSigned(app(), image.url);
    expectStatus(full, 200);
    expect(full.headers.get('content-type')).toBe('image/jpeg');
    expect(full.raw.equals(await bucket.bytes(`${image.id}/full.jpg`))).toBe(true);
    const thumbnail = await fetchSigned(app(), image.thumbnailUrl);
    expect(thumbnail.raw.equals(await bucket.bytes(`${image.id}/thumbnail.webp`))).toBe(true);
    // Nothing on the instance's own disk.
    expect(existsSync(join(app().dataDir, 'images'))).toBe(false);

    expectStatus(
      await app().client.delete(`/images/${image.id}`, undefined, { token: owner.accessToken }),
      204,
    );

    expect(await bucket.keys(`${image.id}/`)).toEqual([]);
    expectProblem(await fetchSigned(app(), image.url), 404, 'NOT_FOUND');
  });

  it('answers 404, not 500, when an image row outlived its files', async () => {
    const image = await uploaded(app(), owner.accessToken);
    await bucket.remove(`${image.id}/full.jpg`);

    expectProblem(await fetchSigned(app(), image.url), 404, 'NOT_FOUND');
    expectStatus(await fetchSigned(app(), image.thumbnailUrl), 200);
  });

  it('sweeps files whose image row is gone, once older than the grace period, and keeps the rest', async () => {
    const kept = await uploaded(app(), owner.accessToken);
    await bucket.put('orphan-left-by-a-crash/full.png', Buffer.from('no row points here'));
    await bucket.put('not-an-image-key.txt', Buffer.from('not in the key layout: never touched'));

    await delay(1000); // several sweeps, all within the grace period
    expect(await bucket.keys('orphan-left-by-a-crash/')).toHaveLength(1);

    await waitFor('the orphan to be swept', async () =>
      (await bucket.keys('orphan-left-by-a-crash/')).length === 0 ? true : undefined,
    );
    expect(await bucket.keys(`${kept.id}/`)).toHaveLength(2);
    expect(await bucket.keys('not-an-image-key.txt')).toHaveLength(1);
    expectStatus(await fetchSigned(app(), kept.url), 200);
  });
});

describe('a STORAGE_URL the API cannot use', () => {
  it.each([
    ['gs://latchkey-images', /STORAGE_URL must be a directory, file:\/\/\/path or s3:\/\//],
    ['s3://Latchkey_Images', /STORAGE_URL must name a bucket/],
    ['s3://latchkey-images?endpoint=minio:9000', /STORAGE_URL's endpoint must start with http/],
  ])('%s stops the start with a message naming the variable', (storageUrl, message) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-'));
    try {
      const started = spawnSync(process.execPath, [API_MAIN], {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          DATA_DIR: dataDir,
          PORT: '0',
          STORAGE_URL: storageUrl,
        },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(started.status).toBe(1);
      expect(started.stderr).toMatch(/^Configuration error: /m);
      expect(started.stderr).toMatch(message);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

if (!process.env.DATABASE_URL) {
  console.info(
    'Two API instances sharing a bucket: not run on PGlite, which one process holds alone; ' +
      'they run with DATABASE_URL set, as in the PostgreSQL run of CI',
  );
} else {
  describe('two API instances on one database and one bucket', () => {
    const bucket = useS3Bucket('shared/');
    const servers = useTwoServers({ sameDatabase: true, env: bucket.env });

    it('serves an image uploaded through one instance from the other, and deletes it through either', async () => {
      const { app: first, second, sink } = servers;
      const owner = await signedInUser(first, sink);
      const image = await uploaded(first, owner.accessToken);

      const fromSecond = await fetchSigned(second, image.url);
      expectStatus(fromSecond, 200);
      expect(fromSecond.raw.equals(await bucket.bytes(`${image.id}/full.jpg`))).toBe(true);
      expectStatus(await fetchSigned(second, image.thumbnailUrl), 200);

      expectStatus(
        await second.client.delete(`/images/${image.id}`, undefined, { token: owner.accessToken }),
        204,
      );
      expect(await bucket.keys(`${image.id}/`)).toEqual([]);
      expectProblem(await fetchSigned(first, image.url), 404, 'NOT_FOUND');
    });
  });
}
