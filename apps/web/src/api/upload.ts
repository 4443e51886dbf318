import type { components } from '@latchkey/api-client';
import { t } from '../i18n';
import { renewedToken, type TokenSource } from './authenticated-fetch';
import { ApiError, networkErrorDetail, problemOf } from './problems';

type Image = components['schemas']['ImageDto'];

export interface UploadOptions {
  tokens: TokenSource;
  /** Called with the share of the body sent so far, 0 to 1; starts again at 0 when the upload is resent. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** Tests hand in a fake; the browser's XMLHttpRequest otherwise. */
  createRequest?: () => XMLHttpRequest;
}

/** What an upload that was cancelled rejects with. */
export const UPLOAD_CANCELLED = 'UPLOAD_CANCELLED';

interface Answer {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

/**
 * POST /images with the multipart form, through XMLHttpRequest: fetch cannot report upload progress. Like
 * the API client it sends the access token, and on a 401 gets a fresh one through the shared refresh and
 * sends the form once more. Resolves with the new image; rejects with an ApiError built from the problem.
 */
export async function uploadImage(url: string, form: FormData, options: UploadOptions): Promise<Image> {
  const token = options.tokens.accessToken();
  let answer = await send(url, form, token, options);
  if (answer.status === 401 && token) {
    const fresh = await renewedToken(options.tokens, token);
    if (fresh) answer = await send(url, form, fresh, options);
  }
  if (answer.status >= 200 && answer.status < 300 && isObject(answer.body)) return answer.body as Image;
  const headers = answer.retryAfter ? { 'retry-after': answer.retryAfter } : undefined;
  throw problemOf({ error: answer.body, response: new Response(null, { status: answer.status, headers }) });
}

function send(url: string, form: FormData, token: string | null, options: UploadOptions): Promise<Answer> {
  const { onProgress, signal } = options;
  const request = options.createRequest?.() ?? new XMLHttpRequest();
  return new Promise<Answer>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const abort = () => request.abort();
    signal?.addEventListener('abort', abort, { once: true });
    const settle = () => signal?.removeEventListener('abort', abort);

    request.open('POST', url);
    request.withCredentials = true;
    request.setRequestHeader('accept', 'application/json');
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    onProgress?.(0);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      settle();
      resolve({
        status: request.status,
        body: parsed(request.responseText),
        retryAfter: request.getResponseHeader('retry-after'),
      });
    });
    request.addEventListener('error', () => {
      settle();
      reject(new ApiError(0, 'NETWORK_ERROR', networkErrorDetail()));
    });
    request.addEventListener('abort', () => {
      settle();
      reject(cancelled());
    });
    request.send(form);
  });
}

function cancelled(): ApiError {
  return new ApiError(0, UPLOAD_CANCELLED, t('image.file.cancelled'));
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}
