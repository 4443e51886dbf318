import { expectProblem, useServers } from './support';

/** The platform every endpoint stands on: problem details, request ids, headers, health, docs, shutdown. */
describe('platform', () => {
  const servers = useServers();
  const api = () => servers.app.client;

  describe('problem details', () => {
    it('answers an unknown route with a 404 problem', async () => {
      const response = await api().get('/no-such-route');
      expectProblem(response, 404, 'NOT_FOUND');
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(response.body.type).toMatch(/^urn:|^https?:/);
    });

    it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
      const response = await api().post('/auth/login', undefined, { rawBody: '{"email": "a@example.com",' });
      expectProblem(response, 400, 'MALFORMED_JSON');
    });

    it('refuses a JSON body over 100 KB with 413 PAYLOAD_TOO_LARGE', async () => {
      const tooLarge = JSON.stringify({ email: 'a@example.com', padding: 'x'.repeat(101 * 1024) });
      const response = await api().post('/auth/login', undefined, { rawBody: tooLarge });
      expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('reads a JSON body just under 100 KB', async () => {
      const justUnder = JSON.stringify({ padding: 'x'.repeat(99 * 1024) });
      const response = await api().post('/auth/login', undefined, { rawBody: justUnder });
      expect(response.status).not.toBe(413);
      expect(response.status).toBeLessThan(500);
    });

    it('never leaks internals in a problem body', async () => {
      const response = await api().post('/auth/login', undefined, { rawBody: '{"__proto__": {"x": 1}}' });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.text).not.toMatch(/\bat .+\.js:\d+|node_modules|stack/i);
    });
  });

  describe('request ids', () => {
    it('generates a distinct x-request-id per request', async () => {
      const [first, second] = await Promise.all([api().get('/health/live'), api().get('/health/live')]);
      const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
      expect(ids[0]).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
      expect(ids[1]).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
      expect(ids[0]).not.toBe(ids[1]);
    });

    it('keeps a sane incoming x-request-id, on success and on errors', async () => {
      const id = 'proxy-req.1234:abcd';
      const ok = await api().get('/health/live', { headers: { 'x-request-id': id } });
      const notFound = await api().get('/missing', { headers: { 'x-request-id': id } });
      expect(ok.headers.get('x-request-id')).toBe(id);
      expect(notFound.headers.get('x-request-id')).toBe(id);
    });

    it.each([
      ['too short', 'abc'],
      ['unsafe characters', 'id with spaces <script>'],
      ['too long', 'a'.repeat(300)],
    ])('replaces an incoming x-request-id that is %s', async (_label, id) => {
      const response = await api().get('/health/live', { headers: { 'x-request-id': id } });
      const echoed = response.headers.get('x-request-id');
      expect(echoed).not.toBe(id);
      expect(echoed).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    });
  });

  it('keeps its server time to itself by default: no Server-Timing header', async () => {
    expect((await api().get('/health/live')).headers.get('server-timing')).toBeNull();
  });

  it('sends the security headers (helmet) on API responses', async () => {
    const response = await api().get('/health/live');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  describe('health', () => {
    it('reports liveness', async () => {
      const response = await api().get('/health/live');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'ok' });
    });

    it('reports readiness with the database up and migrated, and the mail server', async () => {
      const response = await api().get('/health/ready');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        status: 'ok',
        checks: { database: { status: 'up' }, migrations: { status: 'up' }, mail: { status: 'up' } },
      });
    });
  });

  it('publishes a valid OpenAPI 3 document', async () => {
    const response = await api().get<{
      openapi: string;
      info: { title: string };
      paths: Record<string, unknown>;
    }>('/api/docs/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(response.body.info.title).toEqual(expect.any(String));
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/health/live', '/api/v1/health/ready']),
    );
  });

  // Last on purpose: it stops this file's instance (afterAll then only cleans up).
  it('shuts down gracefully on SIGTERM: exit code 0, promptly, port closed', async () => {
    const { app } = servers;
    const exit = await app.stopProcess();
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.shutdownMs).toBeLessThan(5_000);
    await expect(fetch(`${app.baseUrl}/api/v1/health/live`)).rejects.toThrow();
  });
});

describe('platform with SERVER_TIMING=true', () => {
  const servers = useServers({ env: { SERVER_TIMING: 'true' } });

  it('reports the server time of every answer, success or problem, as Server-Timing', async () => {
    const answers = [await servers.app.client.get('/health/live'), await servers.app.client.get('/missing')];
    for (const answer of answers) {
      expect(answer.headers.get('server-timing')).toMatch(/^app;dur=\d+\.\d$/);
    }
  });
});
