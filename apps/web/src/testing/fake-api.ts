import { vi } from 'vitest';

export interface Handled {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One route of the fake API: "POST /api/v1/auth/login" and what it answers to a request. */
export type FakeRoutes = Record<string, (request: Request) => Handled | Promise<Handled>>;

/**
 * Replaces fetch with a small in-memory API: every request is recorded (its headers, the Authorization header
 * on its own too, and the body as sent), answered by the route for its method and path, and 404 when there is none.
 */
export function fakeApi(routes: FakeRoutes) {
  const requests: { route: string; authorization: string | null; headers: Headers; body: string }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const route = `${request.method} ${new URL(request.url).pathname}`;
    requests.push({
      route,
      authorization: request.headers.get('authorization'),
      headers: request.headers,
      body: await request.clone().text(),
    });
    const handler = routes[route];
    const { status, body, headers } = handler
      ? await handler(request)
      : { status: 404, body: problem(404, 'NOT_FOUND') };
    const contentType = status >= 400 ? 'application/problem+json' : 'application/json';
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': contentType, ...headers },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return {
    fetch,
    requests,
    /** The requests that went to one route, e.g. "POST /api/v1/auth/refresh". */
    to: (route: string) => requests.filter((request) => request.route === route),
  };
}

export function problem(status: number, code: string, detail = code, errors?: unknown[]) {
  return { type: 'about:blank', title: code, status, detail, code, ...(errors ? { errors } : {}) };
}

/** A profile as GET /users/me returns it; `overrides` set the state under test. */
export function profile(overrides: Record<string, unknown> = {}) {
  return {
    id: '3f1c7f0e-8a53-4c55-9f55-5b2f7c0f4a11',
    email: 'ada@example.com',
    nickname: 'brave-otter-417',
    avatarUrl: 'http://localhost:3000/api/v1/users/3f1c7f0e-8a53-4c55-9f55-5b2f7c0f4a11/avatar?v=1',
    emailConfirmed: true,
    approved: true,
    role: 'user' as const,
    hasPassword: true,
    passkeyCount: 0,
    mfaEnabled: false,
    recoveryCodesLeft: 0,
    locale: 'en' as 'en' | 'de',
    createdAt: '2026-11-22T08:15:00.000Z',
    ...overrides,
  };
}

/** The body of a login or refresh answer. */
export function signedIn(accessToken: string, user = profile()) {
  return { user, accessToken, expiresIn: 900 };
}

/** Lets a test hold a response back until it chooses, to make requests overlap for certain. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

let imageCount = 0;

/** An image as the API returns it, its URLs signed for 15 minutes from now; `overrides` set the rest. */
export function image(overrides: Record<string, unknown> = {}) {
  imageCount += 1;
  const id = `0b7d6c1e-2f4a-4d0e-9d7a-${String(imageCount).padStart(12, '0')}`;
  return {
    id,
    name: `Cat ${imageCount}`,
    caption: 'Watching the sparrows.',
    contentType: 'image/jpeg' as const,
    width: 1600,
    height: 1200,
    url: `http://localhost:3000/api/v1/images/${id}/full?expires=1&signature=a`,
    thumbnailUrl: `http://localhost:3000/api/v1/images/${id}/thumbnail?expires=1&signature=b`,
    thumbnailWidth: 480,
    thumbnailHeight: 360,
    urlsExpireAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    onAir: true,
    onHome: false,
    sequence: 0,
    owner: { id: profile().id, nickname: profile().nickname, avatarUrl: profile().avatarUrl } as {
      id: string;
      nickname: string;
      avatarUrl: string;
    } | null,
    createdAt: '2026-11-22T08:15:00.000Z',
    ...overrides,
  };
}

/** One page of a list of images. */
export function imagePage(items: unknown[], { page = 1, pageSize = 24, total = items.length } = {}) {
  return { page, pageSize, total, items };
}

/** The route that restores a session for `user` on page load; set the hint in localStorage too. */
export function restoredSession(user = profile()) {
  localStorage.setItem('latchkey.session', '1');
  return { 'POST /api/v1/auth/refresh': () => ({ status: 200, body: signedIn('token-1', user) }) };
}

let eventCount = 0;

/** A security event as GET /users/me/activity returns it; `overrides` set the rest. */
export function activityItem(overrides: Record<string, unknown> = {}) {
  eventCount += 1;
  return {
    id: `7c1d2e3f-4a5b-4c6d-8e9f-${String(eventCount).padStart(12, '0')}`,
    type: 'auth.signed_in',
    occurredAt: new Date(Date.now() - eventCount * 60_000).toISOString(),
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    device: 'Firefox on Linux',
    sessionId: null,
    actor: null as { id: string | null; nickname: string | null } | null,
    details: { method: 'password' } as Record<string, string | number | boolean | null>,
    ...overrides,
  };
}
