import Fastify, { type FastifyInstance } from 'fastify';
import type { LevelWithSilent } from 'pino';
import { Writable } from 'node:stream';
import { AppLogger } from './app-logger';
import { createRootLogger, logRequests } from './request-log';

type Line = Record<string, unknown>;

/** A pino logger with the production settings, writing into an array instead of stdout. */
function capturedLogger(level: LevelWithSilent = 'info') {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Line);
      callback();
    },
  });
  return { lines, logger: createRootLogger(level, sink) };
}

describe('request log and AppLogger', () => {
  let app: FastifyInstance;
  let lines: Line[];

  async function serve(level: LevelWithSilent = 'info') {
    const captured = capturedLogger(level);
    lines = captured.lines;
    const appLogger = new AppLogger(captured.logger);
    let requests = 0;
    app = Fastify({ trustProxy: true, genReqId: () => `request-${++requests}` });
    logRequests(app, captured.logger);
    app.post('/api/v1/auth/login', async (_request, reply) => {
      await new Promise((resolve) => setImmediate(resolve));
      appLogger.warn({ event: 'auth.login_failed', reason: 'wrong_password' }, 'auth.login_failed', 'Events');
      return reply.status(401).send({ code: 'INVALID_CREDENTIALS' });
    });
    app.get('/api/v1/users/me', async () => ({ ok: true }));
    app.get('/api/v1/health/live', async () => ({ status: 'ok' }));
    await app.ready();
  }

  afterEach(() => app.close());

  it('writes one line per answered request, with its id, path without query, status and address', async () => {
    await serve();
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me?token=secret-token',
      headers: { authorization: 'Bearer secret', 'x-forwarded-for': '203.0.113.9' },
    });

    expect(response.statusCode).toBe(200);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        req: { id: 'request-1', method: 'GET', url: '/api/v1/users/me' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
        ip: '203.0.113.9',
      }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/secret/);
  });

  it('gives lines written while serving a request the fields of that request, and logs a 4xx as warn', async () => {
    await serve();
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.c' } });

    const [event, end] = lines;
    expect(event).toMatchObject({
      level: 40,
      event: 'auth.login_failed',
      context: 'Events',
      msg: 'auth.login_failed',
      ip: '127.0.0.1',
      req: { method: 'POST', url: '/api/v1/auth/login' },
    });
    expect(end).toMatchObject({ level: 40, res: { statusCode: 401 } });
    expect([(event.req as Line).id, (end.req as Line).id]).toEqual(['request-1', 'request-1']);
  });

  it('does not log health probes, nor lines below the level', async () => {
    await serve('warn');
    await app.inject({ method: 'GET', url: '/api/v1/health/live' });
    await app.inject({ method: 'GET', url: '/api/v1/users/me' });

    expect(lines).toEqual([]);
  });

  it("logs outside any request without request fields, and an Error or Nest's stack trace as err", () => {
    const { lines: written, logger } = capturedLogger();
    const appLogger = new AppLogger(logger);

    appLogger.log('started', 'Main');
    appLogger.error(new Error('boom'), 'Errors');
    appLogger.error('crashed', 'Error: crashed\n    at somewhere (file.js:1:1)', 'ExceptionsHandler');

    expect(written[0]).toMatchObject({ level: 30, msg: 'started', context: 'Main' });
    expect(written[0]).not.toHaveProperty('req');
    expect(written[1]).toMatchObject({ level: 50, context: 'Errors', err: { message: 'boom' } });
    expect(written[2]).toMatchObject({
      context: 'ExceptionsHandler',
      err: { message: 'crashed', stack: expect.stringContaining('at somewhere') },
    });
  });

  it('redacts credentials in a header object logged by mistake', () => {
    const { lines: written, logger } = capturedLogger();

    new AppLogger(logger).warn({ req: { headers: { authorization: 'Bearer secret', cookie: 'rt=secret' } } });

    expect(JSON.stringify(written)).not.toContain('secret');
  });
});
