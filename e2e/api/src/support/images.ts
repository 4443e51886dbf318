import type { components } from '@latchkey/api-client';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ApiEndpoint, ApiInstance } from './api-instance';
import { expectProblem, expectStatus } from './fixtures';
import type { ApiResponse, LooseBody } from './http-client';

/** The upload limit of POST /images (docs/architecture.md › Routes and folders): 5 MB. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** An image and a page of them as the gallery's routes return them: the committed OpenAPI document's types. */
export type ImageDto = components['schemas']['ImageDto'];
export type ImagePage = components['schemas']['ImagePageDto'];

export interface UploadInput {
  /** The `file` part; left out when undefined. */
  bytes?: Buffer;
  filename?: string;
  /** The part's declared content type. */
  type?: string;
  /** The `name` field; left out when undefined. */
  name?: string;
  caption?: string;
}

/** POST /images as multipart/form-data: text fields first, then the file (as browsers send a form). */
export function uploadImage(app: ApiEndpoint, token: string | undefined, input: UploadInput) {
  const form = new FormData();
  if (input.name !== undefined) form.append('name', input.name);
  if (input.caption !== undefined) form.append('caption', input.caption);
  if (input.bytes !== undefined) {
    const blob = new Blob([input.bytes], { type: input.type ?? 'image/jpeg' });
    form.append('file', blob, input.filename ?? 'cat.jpg');
  }
  return app.client.post<ImageDto & LooseBody>('/images', undefined, { token, form });
}

/** Uploads a small JPEG (or the given file), expecting 201; returns the new image. */
export async function uploaded(
  app: ApiEndpoint,
  token: string,
  input: Partial<UploadInput> = {},
): Promise<ImageDto> {
  const bytes = input.bytes ?? (await solidImage(320, 240, 'jpeg'));
  const response = await uploadImage(app, token, { name: 'A cat', ...input, bytes });
  expectStatus(response, 201);
  return response.body;
}

/** GET of a signed URL from an image payload, on the instance (the URL's origin is PUBLIC_URL). */
export function fetchSigned(app: ApiEndpoint, url: string, token?: string) {
  const parsed = new URL(url);
  return app.client.get(parsed.pathname + parsed.search, { token });
}

/** A signed URL with one query parameter replaced. */
export function withParam(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}

/** GET of a list route with the largest page, expecting 200. */
export async function listImages(app: ApiEndpoint, path: string, token?: string): Promise<ImagePage> {
  const separator = path.includes('?') ? '&' : '?';
  const response = await app.client.get<ImagePage>(`${path}${separator}pageSize=100`, { token });
  expectStatus(response, 200);
  return response.body;
}

export const idsOf = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

/** GET /images/:id, expecting 200. */
export async function imageDetails(app: ApiEndpoint, id: string, token: string): Promise<ImageDto> {
  const response = await app.client.get<ImageDto>(`/images/${id}`, { token });
  expectStatus(response, 200);
  return response.body;
}

/** Every file under `dir`, as sorted relative paths (none when the folder does not exist). */
export function storedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/** Files under `dir` grouped by their folder (one folder per image). */
export function storedFolders(dir: string): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  for (const file of storedFiles(dir)) {
    const slash = file.lastIndexOf('/');
    const folder = file.slice(0, Math.max(slash, 0));
    folders.set(folder, [...(folders.get(folder) ?? []), file.slice(slash + 1)]);
  }
  return folders;
}

export type Format = 'jpeg' | 'png' | 'webp' | 'gif';

/** A one-colour image; a JPEG can carry EXIF text that the upload must strip. */
export function solidImage(width: number, height: number, format: Format, exifText?: string) {
  let image = sharp({ create: { width, height, channels: 3, background: '#d9822b' } });
  if (exifText) image = image.withExif({ IFD0: { ImageDescription: exifText, Copyright: exifText } });
  return image.toFormat(format).toBuffer();
}

/** Random pixels: compresses badly, so the file is large for its size in pixels. */
export function noiseImage(width: number, height: number, format: Format) {
  const raw = randomBytes(width * height * 3);
  const image = sharp(raw, { raw: { width, height, channels: 3 } });
  return (format === 'png' ? image.png({ compressionLevel: 0 }) : image.toFormat(format)).toBuffer();
}

/** What the API must answer, by level: a status, and for refusals the problem `code`. */
export type Outcome = [status: number, code?: string];
export type AccessLevel = 'guest' | 'unconfirmed' | 'pending' | 'confirmed' | 'admin';

export interface AccessContext {
  app: ApiInstance;
  token: string | undefined;
  /** A seeded sample image (on air, no owner), with URLs fresh from the API. */
  sample(): Promise<ImageDto>;
  /** A new on-air image of another account: a fresh one on every call. */
  othersImage(): Promise<ImageDto>;
}

export interface RouteAccess {
  route: string;
  call(context: AccessContext): Promise<ApiResponse<unknown>>;
  outcomes: Record<AccessLevel, Outcome>;
}

const UNAUTHENTICATED: Outcome = [401, 'UNAUTHENTICATED'];
const OWNER_OR_ADMIN: Outcome = [403, 'FORBIDDEN'];
const everyone = (outcome: Outcome): Record<AccessLevel, Outcome> => ({
  guest: outcome,
  unconfirmed: outcome,
  pending: outcome,
  confirmed: outcome,
  admin: outcome,
});
const signedIn = (outcome: Outcome) => ({ ...everyone(outcome), guest: UNAUTHENTICATED });
const confirmed = (outcome: Outcome) => ({
  ...signedIn(outcome),
  unconfirmed: [403, 'EMAIL_NOT_CONFIRMED'] as Outcome,
  pending: [403, 'ACCOUNT_PENDING_APPROVAL'] as Outcome,
});
const ownerOrAdmin = (outcome: Outcome) => ({ ...signedIn(OWNER_OR_ADMIN), admin: outcome });
const adminOnly = (outcome: Outcome) => ({ ...signedIn([403, 'FORBIDDEN']), admin: outcome });

/**
 * Every gallery route and what each account state gets there (docs/architecture.md › Account states and
 * guards / Routes and folders, issue 5).
 */
export const IMAGE_ROUTE_ACCESS: RouteAccess[] = [
  {
    route: 'GET /images/home',
    call: ({ app, token }) => app.client.get('/images/home', { token }),
    outcomes: everyone([200]),
  },
  {
    route: 'GET /images',
    call: ({ app, token }) => app.client.get('/images', { token }),
    outcomes: confirmed([200]),
  },
  {
    route: 'GET /images/:id',
    call: async ({ app, token, sample }) => app.client.get(`/images/${(await sample()).id}`, { token }),
    outcomes: signedIn([200]),
  },
  {
    route: 'GET /users/me/images',
    call: ({ app, token }) => app.client.get('/users/me/images', { token }),
    outcomes: signedIn([200]),
  },
  {
    route: 'POST /images',
    call: async ({ app, token }) =>
      uploadImage(app, token, { name: 'Access table', bytes: await solidImage(64, 48, 'jpeg') }),
    outcomes: confirmed([201]),
  },
  {
    route: "PATCH /images/:id (someone else's)",
    call: async ({ app, token, othersImage }) =>
      app.client.patch(`/images/${(await othersImage()).id}`, { caption: 'Changed' }, { token }),
    outcomes: ownerOrAdmin([200]),
  },
  {
    route: "DELETE /images/:id (someone else's)",
    call: async ({ app, token, othersImage }) =>
      app.client.delete(`/images/${(await othersImage()).id}`, undefined, { token }),
    outcomes: ownerOrAdmin([204]),
  },
  {
    route: 'GET /admin/images',
    call: ({ app, token }) => app.client.get('/admin/images', { token }),
    outcomes: adminOnly([200]),
  },
  {
    route: 'PUT /admin/images/order',
    call: async ({ app, token, sample }) =>
      app.client.put('/admin/images/order', { ids: [(await sample()).id] }, { token }),
    outcomes: adminOnly([204]),
  },
  {
    route: 'GET of a signed URL (public)',
    call: async ({ app, token, sample }) => fetchSigned(app, (await sample()).thumbnailUrl, token),
    outcomes: everyone([200]),
  },
];

/** Asserts an outcome of the table: the status, and the problem code of a refusal. */
export function expectOutcome(response: ApiResponse<unknown>, [status, code]: Outcome): void {
  if (code) expectProblem(response, status, code);
  else expectStatus(response, status);
}
