import type { components } from '@latchkey/api-client';
import { api } from '../api/client';
import { ApiError, dataOf, ensureOk, toApiError } from '../api/problems';
import { currentLocale, i18n, t } from '../i18n';

export type Image = components['schemas']['ImageDto'];
export type ImagePage = components['schemas']['ImagePageDto'];
export type ImageChange = components['schemas']['UpdateImageDto'];

/**
 * What the API takes (docs/architecture.md › Routes and folders), checked here first so nobody waits for an
 * upload that is refused.
 */
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const NAME_MAX = 80;
export const CAPTION_MAX = 500;

/**
 * The error with the gallery's wording for its code (friendlier than the API's, image.problems.ts; in
 * i18n/locales/<language>/image.json); field errors and Retry-After stay as they were.
 */
export function friendlyImageError(failure: unknown): ApiError {
  const error = toApiError(failure);
  const key = `image.problems.${error.code}`;
  if (!i18n.global.te(key, 'en')) return error;
  return new ApiError(error.status, error.code, t(key), error.fieldErrors, error.retryAfterSeconds);
}

/** Why the file cannot be sent, or null when it may: checked before any byte leaves the browser. */
export function fileProblem(file: File): string | null {
  if (!(ACCEPTED_TYPES as readonly string[]).includes(file.type)) {
    return t('image.file.wrongType', { name: file.name });
  }
  if (file.size === 0) return t('image.file.empty', { name: file.name });
  if (file.size > MAX_UPLOAD_BYTES) {
    return t('image.file.tooLarge', { name: file.name, size: megabytes(file.size) });
  }
  return null;
}

export function megabytes(bytes: number): string {
  const format = new Intl.NumberFormat(currentLocale(), {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  return `${format.format(bytes / 1024 / 1024)} MB`;
}

/** A name from the file's: "tabby_on-the-sill.jpg" → "tabby on the sill", at most NAME_MAX characters. */
export function nameFromFile(fileName: string): string {
  const base = fileName
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return base.slice(0, NAME_MAX).trim();
}

export function uploadedOn(image: Image): string {
  return i18n.global.d(new Date(image.createdAt), 'date');
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

/** GET /images: the gallery, on-air images only. */
export async function fetchGallery(query: PageRequest): Promise<ImagePage> {
  return dataOf(await api.GET('/api/v1/images', { params: { query } }));
}

/** GET /users/me/images: the signed-in person's uploads, off-air ones included. */
export async function fetchMyImages(query: PageRequest): Promise<ImagePage> {
  return dataOf(await api.GET('/api/v1/users/me/images', { params: { query } }));
}

export async function fetchImage(id: string): Promise<Image> {
  return dataOf(await api.GET('/api/v1/images/{id}', { params: { path: { id } } }));
}

export async function updateImage(id: string, change: ImageChange): Promise<Image> {
  return dataOf(await api.PATCH('/api/v1/images/{id}', { params: { path: { id } }, body: change }));
}

export async function deleteImage(id: string): Promise<void> {
  ensureOk(await api.DELETE('/api/v1/images/{id}', { params: { path: { id } } }));
}
