import { describe, expect, it, vi } from 'vitest';
import { fakeApi, gate, problem } from '../testing/fake-api';
import { authenticatedFetch, type TokenSource } from './authenticated-fetch';

const ME = 'http://localhost:3000/api/v1/users/me';

/** A token source whose refresh hands out `next` once (or null), counting how often it was asked. */
function tokens(initial: string | null, next: string | null = 'fresh') {
  let current = initial;
  const source: TokenSource & { current: () => string | null } = {
    accessToken: () => current,
    refreshAccessToken: vi.fn(async () => {
      current = next;
      return next;
    }),
    current: () => current,
  };
  return source;
}

/** The fake API accepts only the token "fresh" on /users/me. */
function apiAcceptingFresh() {
  return fakeApi({
    'GET /api/v1/users/me': (request) =>
      request.headers.get('authorization') === 'Bearer fresh'
        ? { status: 200, body: { ok: true } }
        : { status: 401, body: problem(401, 'UNAUTHENTICATED') },
    'POST /api/v1/images': async (request) =>
      request.headers.get('authorization') === 'Bearer fresh'
        ? { status: 201, body: { echoed: await request.text() } }
        : { status: 401, body: problem(401, 'UNAUTHENTICATED') },
  });
}

describe('authenticatedFetch', () => {
  it('sends the access token as a bearer header', async () => {
    const api = apiAcceptingFresh();
    const response = await authenticatedFetch(tokens('fresh'))(new Request(ME));
    expect(response.status).toBe(200);
    expect(api.requests[0].authorization).toBe('Bearer fresh');
  });

  it('sends no header and never refreshes without a session', async () => {
    const api = apiAcceptingFresh();
    const source = tokens(null);
    const response = await authenticatedFetch(source)(new Request(ME));
    expect(response.status).toBe(401);
    expect(api.requests[0].authorization).toBeNull();
    expect(source.refreshAccessToken).not.toHaveBeenCalled();
  });

  it('refreshes once on a 401 and sends the request again, body included', async () => {
    const api = apiAcceptingFresh();
    const source = tokens('expired');
    const request = new Request('http://localhost:3000/api/v1/images', { method: 'POST', body: 'payload' });
    const response = await authenticatedFetch(source)(request);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ echoed: 'payload' });
    expect(source.refreshAccessToken).toHaveBeenCalledTimes(1);
    expect(api.requests.map((sent) => sent.authorization)).toEqual(['Bearer expired', 'Bearer fresh']);
  });

  it('gives back the 401 when the session cannot be renewed, without a second attempt', async () => {
    const api = apiAcceptingFresh();
    const source = tokens('expired', null);
    const response = await authenticatedFetch(source)(new Request(ME));
    expect(response.status).toBe(401);
    expect(api.requests).toHaveLength(1);
  });

  it('resends with the current token, without refreshing, when another request already renewed it', async () => {
    const held = gate();
    const api = fakeApi({
      'GET /api/v1/users/me': async (request) => {
        if (request.headers.get('authorization') === 'Bearer fresh') return { status: 200, body: {} };
        await held.opened;
        return { status: 401, body: problem(401, 'UNAUTHENTICATED') };
      },
    });
    const source = tokens('expired');
    const pending = authenticatedFetch(source)(new Request(ME));
    await vi.waitFor(() => expect(api.requests).toHaveLength(1));
    await source.refreshAccessToken(); // as another request's refresh would, while this one waits
    held.open();
    expect((await pending).status).toBe(200);
    expect(source.refreshAccessToken).toHaveBeenCalledTimes(1);
  });

  it('passes a 401 from the credential endpoints through: it is about the password, not the token', async () => {
    const api = fakeApi({
      'POST /api/v1/auth/login': () => ({ status: 401, body: problem(401, 'INVALID_CREDENTIALS') }),
    });
    const source = tokens('expired');
    const login = new Request('http://localhost:3000/api/v1/auth/login', { method: 'POST', body: '{}' });
    const response = await authenticatedFetch(source)(login);
    expect(response.status).toBe(401);
    expect(source.refreshAccessToken).not.toHaveBeenCalled();
    expect(api.requests).toHaveLength(1);
  });
});
