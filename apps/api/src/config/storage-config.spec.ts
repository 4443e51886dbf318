import { ConfigError } from './config-error';
import { parseStorageUrl, readStorageTarget } from './storage-config';

const s3 = (overrides: object = {}) => ({
  kind: 's3',
  bucket: 'latchkey-images',
  prefix: '',
  endpoint: undefined,
  region: 'us-east-1',
  forcePathStyle: false,
  ...overrides,
});

describe('STORAGE_URL', () => {
  it('keeps files under DATA_DIR when unset, or in IMAGE_STORAGE_DIR (the older variable)', () => {
    expect(readStorageTarget({}, '/srv/latchkey')).toEqual({ kind: 'disk', dir: '/srv/latchkey/images' });
    expect(readStorageTarget({ STORAGE_URL: ' ' }, '/srv/latchkey')).toEqual({
      kind: 'disk',
      dir: '/srv/latchkey/images',
    });
    expect(readStorageTarget({ IMAGE_STORAGE_DIR: '/mnt/pictures' }, '/srv')).toEqual({
      kind: 'disk',
      dir: '/mnt/pictures',
    });
  });

  it('refuses STORAGE_URL together with IMAGE_STORAGE_DIR, naming both', () => {
    expect(() => readStorageTarget({ STORAGE_URL: '/a', IMAGE_STORAGE_DIR: '/b' }, '/srv')).toThrow(
      /^STORAGE_URL and IMAGE_STORAGE_DIR are both set/,
    );
  });

  it.each([
    ['/var/lib/latchkey/images', '/var/lib/latchkey/images'],
    ['file:///var/lib/latchkey/images', '/var/lib/latchkey/images'],
    ['file:///var/lib/with%20space/', '/var/lib/with space/'],
    ['relative/images', `${process.cwd()}/relative/images`],
  ])('takes %s as the directory %s', (raw, dir) => {
    expect(parseStorageUrl(raw)).toEqual({ kind: 'disk', dir });
  });

  it('reads bucket, key prefix, endpoint, region and path style from an s3 URL', () => {
    expect(parseStorageUrl('s3://latchkey-images')).toEqual(s3());
    expect(
      parseStorageUrl(
        's3://latchkey-images/prod/eu/?endpoint=http://127.0.0.1:9000/&region=eu-central-1&forcePathStyle=true',
      ),
    ).toEqual(
      s3({
        prefix: 'prod/eu/',
        endpoint: 'http://127.0.0.1:9000',
        region: 'eu-central-1',
        forcePathStyle: true,
      }),
    );
    expect(
      parseStorageUrl('s3://latchkey-images?endpoint=https%3A%2F%2Facct.r2.cloudflarestorage.com'),
    ).toEqual(s3({ endpoint: 'https://acct.r2.cloudflarestorage.com' }));
    expect(parseStorageUrl('s3://latchkey-images?forcePathStyle')).toEqual(s3({ forcePathStyle: true }));
    expect(parseStorageUrl('s3://latchkey-images?forcePathStyle=false')).toEqual(s3());
    expect(parseStorageUrl('s3://latchkey-images/a/../b/')).toEqual(s3({ prefix: 'b/' }));
  });

  it('takes the region from AWS_REGION when the URL has none', () => {
    expect(
      readStorageTarget({ STORAGE_URL: 's3://latchkey-images', AWS_REGION: 'ap-south-1' }, '/srv'),
    ).toEqual(s3({ region: 'ap-south-1' }));
    expect(parseStorageUrl('s3://latchkey-images?region=auto', 'ap-south-1')).toEqual(s3({ region: 'auto' }));
  });

  it.each([
    ['gs://bucket', /scheme "gs:"/],
    ['https://bucket.s3.amazonaws.com', /scheme "https:"/],
    ['s3://Upper-Case', /must name a bucket/],
    ['s3://ab', /must name a bucket/],
    ['s3://', /must name a bucket/],
    ['s3://key:secret@bucket', /must not hold credentials/],
    ['s3://bucket:9000', /put the port in \?endpoint=/],
    ['s3://bucket?endpont=http://x', /unknown parameters endpont/],
    ['s3://bucket?endpoint=minio:9000', /endpoint must start with http/],
    ['s3://bucket?endpoint=nonsense', /endpoint is not a valid URL/],
    ['s3://bucket?forcePathStyle=yes', /forcePathStyle must be true or false/],
    ['s3://bucket/a%zz', /malformed key prefix/],
    ['file://remote-host/path', /not a valid file URL/],
  ])('refuses %s and names STORAGE_URL', (raw, reason) => {
    const parse = () => parseStorageUrl(raw);
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/^STORAGE_URL/);
    expect(parse).toThrow(reason);
  });
});
