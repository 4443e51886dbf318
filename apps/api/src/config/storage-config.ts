import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './config-error';

/** Image files on a local (or mounted) disk, one folder per image. */
export interface DiskStorageTarget {
  readonly kind: 'disk';
  readonly dir: string;
}

/** Image files in an S3-protocol bucket (AWS S3, MinIO, R2, ...), one key prefix per image. */
export interface S3StorageTarget {
  readonly kind: 's3';
  readonly bucket: string;
  /** Prepended to every object key: '' or a path ending in '/', so one bucket can hold several deployments. */
  readonly prefix: string;
  /** Another service than AWS (MinIO, R2); undefined means AWS's own endpoint for the region. */
  readonly endpoint: string | undefined;
  readonly region: string;
  /** `bucket` in the path rather than in the host name, as MinIO and most self-hosted servers need. */
  readonly forcePathStyle: boolean;
}

export type StorageTarget = DiskStorageTarget | S3StorageTarget;

const S3_PARAMETERS = ['endpoint', 'region', 'forcePathStyle'] as const;
/** AWS's bucket naming rules; other servers accept a subset of what AWS does. */
const BUCKET = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const HELP = 'a directory, file:///path or s3://bucket[/prefix]?endpoint=…&region=…&forcePathStyle=true';
/** MinIO's own default, and what AWS SDKs call the global region; R2 takes it as well as "auto". */
const DEFAULT_REGION = 'us-east-1';

/**
 * STORAGE_URL: where uploaded images and the sample images' files live. Unset, the directory of
 * IMAGE_STORAGE_DIR (the older variable, still honoured) or `<dataDir>/images`. Credentials for S3 are not
 * part of the URL: the AWS SDK reads them from its default chain (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, a profile, or the role of the machine), so the URL may sit in a ConfigMap.
 */
export function readStorageTarget(env: NodeJS.ProcessEnv, dataDir: string): StorageTarget {
  const raw = env.STORAGE_URL?.trim();
  const legacyDir = env.IMAGE_STORAGE_DIR?.trim();
  if (raw && legacyDir) {
    throw new ConfigError('STORAGE_URL and IMAGE_STORAGE_DIR are both set: keep STORAGE_URL only');
  }
  if (!raw) return { kind: 'disk', dir: resolve(legacyDir || resolve(dataDir, 'images')) };
  return parseStorageUrl(raw, env.AWS_REGION?.trim());
}

export function parseStorageUrl(raw: string, awsRegion?: string): StorageTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'disk', dir: resolve(raw) };
  if (scheme === 'file') return { kind: 'disk', dir: fileDirectory(raw) };
  if (scheme === 's3') return s3Target(raw, awsRegion);
  throw new ConfigError(`STORAGE_URL must be ${HELP} (got the scheme "${scheme}:")`);
}

function fileDirectory(raw: string): string {
  let dir: string;
  try {
    dir = fileURLToPath(raw);
  } catch (error) {
    throw new ConfigError(`STORAGE_URL is not a valid file URL: ${(error as Error).message}`);
  }
  if (!isAbsolute(dir)) throw new ConfigError('STORAGE_URL must name an absolute directory');
  return dir;
}

function s3Target(raw: string, awsRegion: string | undefined): S3StorageTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`STORAGE_URL is not a valid URL; expected ${HELP}`);
  }
  if (url.username || url.password) {
    throw new ConfigError(
      'STORAGE_URL must not hold credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead',
    );
  }
  if (url.port) throw new ConfigError('STORAGE_URL names a bucket, not a server: put the port in ?endpoint=');
  const bucket = url.hostname;
  if (!BUCKET.test(bucket)) {
    throw new ConfigError(
      `STORAGE_URL must name a bucket of 3 to 63 lowercase letters, digits, dots and hyphens (got "${bucket}")`,
    );
  }
  const unknown = [...url.searchParams.keys()].filter(
    (name) => !(S3_PARAMETERS as readonly string[]).includes(name),
  );
  if (unknown.length) {
    throw new ConfigError(
      `STORAGE_URL has unknown parameters ${unknown.join(', ')}; known: ${S3_PARAMETERS.join(', ')}`,
    );
  }
  return {
    kind: 's3',
    bucket,
    prefix: keyPrefix(url.pathname),
    endpoint: endpointOf(url.searchParams.get('endpoint')),
    region: url.searchParams.get('region')?.trim() || awsRegion || DEFAULT_REGION,
    forcePathStyle: flag(url.searchParams.get('forcePathStyle')),
  };
}

/** The URL's path as a key prefix; the URL parser has already resolved any . and .. in it. */
function keyPrefix(pathname: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    throw new ConfigError(`STORAGE_URL has a malformed key prefix (got "${pathname}")`);
  }
  return decoded
    .split('/')
    .filter(Boolean)
    .map((segment) => `${segment}/`)
    .join('');
}

function endpointOf(raw: string | null): string | undefined {
  if (raw === null) return undefined;
  let endpoint: URL;
  try {
    endpoint = new URL(raw);
  } catch {
    throw new ConfigError(`STORAGE_URL's endpoint is not a valid URL (got "${raw}")`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new ConfigError(`STORAGE_URL's endpoint must start with http:// or https:// (got "${raw}")`);
  }
  return endpoint.origin + endpoint.pathname.replace(/\/+$/, '');
}

/** Absent is false; `?forcePathStyle` alone, like `=true`, is true. */
function flag(raw: string | null): boolean {
  if (raw === null || raw === 'false') return false;
  if (raw === '' || raw === 'true') return true;
  throw new ConfigError(`STORAGE_URL's forcePathStyle must be true or false (got "${raw}")`);
}
