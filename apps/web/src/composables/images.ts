import type { components } from '@latchkey/api-client';
import { api } from '../api/client';
import { ApiError, dataOf, ensureOk, toApiError } from '../api/problems';

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

/** Friendlier words than the API's for the gallery's problem codes (image.problems.ts), by code. */
const MESSAGES: Record<string, string> = {
  IMAGE_TOO_LARGE: 'That file is larger than 5 MB. Choose a smaller one, or resize it first.',
  UNSUPPORTED_IMAGE_TYPE:
    'That file is not a JPEG, PNG or WebP image. Choose a photo or picture in one of those formats.',
  IMAGE_UNREADABLE:
    'That image seems damaged or incomplete, so we could not open it. Save it again, or choose another.',
  IMAGE_TOO_MANY_PIXELS: 'That image has too many pixels for this server. Make it smaller, then try again.',
  NOT_FOUND: 'That image is not there any more: it was deleted, or taken off air.',
  FORBIDDEN: 'Only the person who uploaded this image, or an administrator, may change it.',
  ADMIN_ONLY_FIELD: 'Only administrators may change whether an image is on air or on the home page.',
  EMAIL_NOT_CONFIRMED: 'Confirm your email address first: open the link we sent you.',
  ACCOUNT_PENDING_APPROVAL: 'Your account is waiting for approval by an administrator.',
};

/** The error with the gallery's wording for its code; field errors and Retry-After stay as they were. */
export function friendlyImageError(failure: unknown): ApiError {
  const error = toApiError(failure);
  const message = MESSAGES[error.code];
  if (!message) return error;
  return new ApiError(error.status, error.code, message, error.fieldErrors, error.retryAfterSeconds);
}

/** Why the file cannot be sent, or null when it may: checked before any byte leaves the browser. */
export function fileProblem(file: File): string | null {
  if (!(ACCEPTED_TYPES as readonly string[]).includes(file.type)) {
    return `“${file.name}” is not a JPEG, PNG or WebP image. Choose a picture in one of those formats.`;
  }
  if (file.size === 0) return `“${file.name}” is empty. Choose another file.`;
  if (file.size > MAX_UPLOAD_BYTES) {
    return `“${file.name}” is ${megabytes(file.size)}; images may be at most 5 MB. Choose a smaller one, or resize it first.`;
  }
  return null;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
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
  return new Date(image.createdAt).toLocaleDateString(undefined, { dateStyle: 'medium' });
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
