import { ApiResponse, expectProblem, expectStatus, passphrase, uniqueEmail, useServers } from './support';

const ALLOWED = 'https://spa.example.test';
const OTHER_ALLOWED = 'https://admin.example.test';

/**
 * What helmet adds to every response (docs/architecture.md › Routes and folders: errors included), and what
 * API answers must not be.
 */
function expectSecurityHeaders(response: ApiResponse<unknown>): void {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(response.headers.get('x-powered-by')).toBeNull();
}

describe('browser-facing security: CORS allow-list, security headers, no-store', () => {
  const servers = useServers({
    env: { CORS_ORIGINS: `${ALLOWED}, ${OTHER_ALLOWED}`, RATE_LIMIT_LOGIN: '2/1m' },
  });
  const api = () => servers.app.client;
  const preflight = (origin: string, path = '/auth/login') =>
    api().request('OPTIONS', path, undefined, {
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });

  describe('CORS_ORIGINS', () => {
    it.each([ALLOWED, OTHER_ALLOWED])('answers a preflight from the allowed origin %s', async (origin) => {
      const response = await preflight(origin);

      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-allow-methods')).toMatch(/\bPOST\b/);
      expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
      expect(response.headers.get('vary')).toMatch(/origin/i);
    });

    it.each([
      ['another site', 'https://evil.example.test'],
      ['an allowed host over http', 'http://spa.example.test'],
      ['a look-alike suffix', 'https://spa.example.test.evil.example'],
      ['the null origin', 'null'],
    ])('grants nothing to %s', async (_label, origin) => {
      const response = await preflight(origin);

      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('lets an allowed origin read the answer and its Retry-After and X-Request-Id headers', async () => {
      const allowed = await api().get('/health/live', { headers: { origin: ALLOWED } });
      const other = await api().get('/health/live', { headers: { origin: 'https://evil.example.test' } });

      expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
      const exposed = (allowed.headers.get('access-control-expose-headers') ?? '').toLowerCase();
      expect(exposed.split(/\s*,\s*/)).toEqual(expect.arrayContaining(['retry-after', 'x-request-id']));
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('answers errors raised before any route runs with the CORS headers too', async () => {
      const headers = { origin: ALLOWED };
      const malformed = await api().post('/auth/login', undefined, { rawBody: '{"email":', headers });
      const unknownRoute = await api().get('/no-such-route', { headers });

      expectProblem(malformed, 400, 'MALFORMED_JSON');
      expectProblem(unknownRoute, 404, 'NOT_FOUND');
      for (const response of [malformed, unknownRoute]) {
        expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      }
    });
  });

  describe('every kind of response carries the security headers', () => {
    it('a success, a preflight, a 400, a 401, a 404 and a 429', async () => {
      const login = (email: string) =>
        api().post('/auth/login', { email, password: passphrase() }, { headers: { origin: ALLOWED } });
      const responses = {
        success: await api().get('/health/live'),
        preflight: await preflight(ALLOWED, '/users/me'),
        invalid: await api().post('/auth/signup', { email: 'not-an-email' }),
        unauthenticated: await api().get('/users/me'),
        notFound: await api().get('/no-such-route'),
        wrongPassword: await login(uniqueEmail()),
      };
      await login(uniqueEmail()); // the second and last login this client may make this minute
      const throttled = await login(uniqueEmail());

      expectStatus(responses.success, 200);
      expectProblem(responses.invalid, 400, 'VALIDATION_FAILED');
      expectProblem(responses.unauthenticated, 401, 'UNAUTHENTICATED');
      expectProblem(responses.notFound, 404, 'NOT_FOUND');
      expectProblem(responses.wrongPassword, 401, 'INVALID_CREDENTIALS');
      expectProblem(throttled, 429, 'TOO_MANY_REQUESTS');
      for (const response of [...Object.values(responses), throttled]) expectSecurityHeaders(response);
      // A browser on the allowed origin can read the 429 and when to retry.
      expect(throttled.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('marks auth answers no-store, failures included, so no cache keeps tokens or errors', async () => {
      const refused = await api().post('/auth/refresh', { refreshToken: 'x'.repeat(43) });
      const unauthenticated = await api().get('/users/me');
      const throttled = await api().post('/auth/login', { email: uniqueEmail(), password: passphrase() });

      expectProblem(refused, 401, 'INVALID_REFRESH_TOKEN');
      expectProblem(throttled, 429, 'TOO_MANY_REQUESTS'); // the previous test used up this minute's logins
      for (const response of [refused, unauthenticated, throttled]) {
        expect(response.headers.get('cache-control')).toMatch(/no-store/);
      }
    });
  });
});
