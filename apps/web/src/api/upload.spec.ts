import { describe, expect, it, vi } from 'vitest';
import { image, problem } from '../testing/fake-api';
import { fakeXhr } from '../testing/fake-xhr';
import { ApiError } from './problems';
import { UPLOAD_CANCELLED, uploadImage } from './upload';

function tokens(initial: string | null, next: string | null = 'fresh') {
  let current = initial;
  return {
    accessToken: () => current,
    refreshAccessToken: vi.fn(async () => (current = next)),
  };
}

const form = () => {
  const body = new FormData();
  body.append('name', 'Tabby');
  return body;
};

describe('uploadImage', () => {
  it('sends the form with the bearer token and reports the progress of the body', async () => {
    const created = image();
    const xhr = fakeXhr(() => ({
      status: 201,
      body: created,
      progress: [
        [0, 100],
        [40, 100],
        [100, 100],
      ],
    }));
    const onProgress = vi.fn();
    const result = await uploadImage('/api/v1/images', form(), {
      tokens: tokens('t1'),
      onProgress,
      createRequest: xhr.createRequest,
    });
    expect(result).toEqual(created);
    expect(xhr.sent[0]!.headers.authorization).toBe('Bearer t1');
    expect(xhr.sent[0]!.body).toBeInstanceOf(FormData);
    expect(onProgress.mock.calls.map(([fraction]) => fraction)).toEqual([0, 0, 0.4, 1]);
  });

  it('refreshes once through the shared refresh on a 401 and sends the form again', async () => {
    const source = tokens('expired');
    const xhr = fakeXhr((sent) =>
      sent.headers.authorization === 'Bearer fresh'
        ? { status: 201, body: image() }
        : { status: 401, body: problem(401, 'UNAUTHENTICATED') },
    );
    await uploadImage('/api/v1/images', form(), { tokens: source, createRequest: xhr.createRequest });
    expect(source.refreshAccessToken).toHaveBeenCalledTimes(1);
    expect(xhr.sent.map((sent) => sent.headers.authorization)).toEqual(['Bearer expired', 'Bearer fresh']);
  });

  it('gives up after one refresh that fails, with the 401 problem', async () => {
    const source = tokens('expired', null);
    const xhr = fakeXhr(() => ({ status: 401, body: problem(401, 'UNAUTHENTICATED') }));
    const upload = uploadImage('/api/v1/images', form(), {
      tokens: source,
      createRequest: xhr.createRequest,
    });
    await expect(upload).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(xhr.sent).toHaveLength(1);
  });

  it('rejects with the problem details of a refusal, Retry-After included', async () => {
    const xhr = fakeXhr(() => ({
      status: 429,
      body: problem(429, 'TOO_MANY_REQUESTS', 'Slow down.'),
      headers: { 'retry-after': '30' },
    }));
    const failure = await uploadImage('/x', form(), {
      tokens: tokens('t'),
      createRequest: xhr.createRequest,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 30 });
  });

  it('stops when cancelled', async () => {
    const xhr = fakeXhr(() => 'hold');
    const controller = new AbortController();
    const upload = uploadImage('/x', form(), {
      tokens: tokens('t'),
      signal: controller.signal,
      createRequest: xhr.createRequest,
    });
    controller.abort();
    await expect(upload).rejects.toMatchObject({ code: UPLOAD_CANCELLED });
  });
});
