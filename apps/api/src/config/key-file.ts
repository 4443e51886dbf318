import { generateKeyPairSync, type JsonWebKey, KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { parsePreviousKeys, parseSigningKey, SigningKeyRing, thumbprint } from './signing-keys';

/** Outside production the signing keys live in DATA_DIR, so tokens survive restarts and instances share them. */
export const KEY_FILE = 'signing-keys.json';

interface StoredKey {
  kid: string;
  /** The private key as a JWK. */
  jwk: JsonWebKey;
  createdAt: string;
  /** When it stopped signing; it is dropped once every token it signed has expired. */
  retiredAt?: string;
}

/** Newest first: the first key signs. */
interface KeyFile {
  keys: StoredKey[];
}

export function newPrivateKey(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

/**
 * The key ring kept in DATA_DIR, made on first use. Previous keys whose last token has expired
 * (retired more than `accessTokenTtl` seconds ago) are dropped from the file.
 */
export function loadOrCreateKeyRing(
  dataDir: string,
  accessTokenTtl: number,
  now = new Date(),
): SigningKeyRing {
  const file = join(dataDir, KEY_FILE);
  let stored = readKeyFile(file);
  if (!stored) {
    stored = { keys: [storedKey(newPrivateKey(), now)] };
    // Exclusive create: of several instances starting at once on one DATA_DIR, the first one's key wins.
    if (!createKeyFile(file, stored)) stored = readKeyFile(file)!;
  }
  const kept = withoutExpired(stored, accessTokenTtl, now);
  if (kept.keys.length !== stored.keys.length) writeKeyFile(file, kept);
  return toRing(kept, file);
}

/** `npm run keys -- rotate`: a new key signs from the next start on; the old one stays published until its tokens expire. */
export function rotateKeyRing(dataDir: string, accessTokenTtl: number, now = new Date()): SigningKeyRing {
  const file = join(dataDir, KEY_FILE);
  const stored = readKeyFile(file) ?? { keys: [] };
  const retired = stored.keys.map((key) => ({ ...key, retiredAt: key.retiredAt ?? now.toISOString() }));
  const rotated = withoutExpired(
    { keys: [storedKey(newPrivateKey(), now), ...retired] },
    accessTokenTtl,
    now,
  );
  writeKeyFile(file, rotated);
  return toRing(rotated, file);
}

function storedKey(privateKey: KeyObject, now: Date): StoredKey {
  return {
    kid: thumbprint(privateKey),
    jwk: privateKey.export({ format: 'jwk' }),
    createdAt: now.toISOString(),
  };
}

function withoutExpired(stored: KeyFile, accessTokenTtl: number, now: Date): KeyFile {
  const [current, ...previous] = stored.keys;
  const live = previous.filter(
    (key) => !key.retiredAt || Date.parse(key.retiredAt) + accessTokenTtl * 1000 > now.getTime(),
  );
  return { keys: [current, ...live] };
}

function toRing({ keys: [current, ...previous] }: KeyFile, file: string): SigningKeyRing {
  const variable = `the key file ${file}`;
  return {
    current: parseSigningKey(JSON.stringify({ ...current.jwk, kid: current.kid }), variable),
    previous: previous.flatMap((key) =>
      parsePreviousKeys(JSON.stringify({ ...key.jwk, kid: key.kid }), variable),
    ),
  };
}

function readKeyFile(file: string): KeyFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<KeyFile>;
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) {
    throw new ConfigError(`${file} holds no keys; delete it to have a new key made`);
  }
  return parsed as KeyFile;
}

function createKeyFile(file: string, stored: KeyFile): boolean {
  mkdirSync(join(file, '..'), { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Written aside and renamed over, so an instance starting meanwhile reads the old file or the new one, whole. */
function writeKeyFile(file: string, stored: KeyFile): void {
  mkdirSync(join(file, '..'), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  renameSync(temporary, file);
}
