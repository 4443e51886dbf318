import { PassThrough } from 'node:stream';
import { createRootLogger } from './request-log';
import { logDestination } from './log-destination';

describe('logDestination', () => {
  it('keeps JSON lines (no destination of its own) unless a developer watches a terminal', async () => {
    expect(await logDestination('production', { isTTY: true })).toBeUndefined();
    expect(await logDestination('test', { isTTY: true })).toBeUndefined();
    expect(await logDestination('development', { isTTY: false })).toBeUndefined();
    expect(await logDestination('development', {})).toBeUndefined();
  });

  it('writes readable lines in development on a terminal: context first, requests as method, path and status', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    const logger = createRootLogger('info', await logDestination('development', { isTTY: true }, out));

    logger.warn({ context: 'SecurityEvents', reason: 'wrong_password' }, 'auth.login_failed');
    logger.info(
      {
        req: { id: 'r1', method: 'GET', url: '/api/v1/users/me' },
        ip: '127.0.0.1',
        res: { statusCode: 200 },
        responseTime: 3.4,
      },
      'request completed',
    );

    const lines = chunks.join('').split('\n');
    const time = '\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\]';
    expect(lines[0]).toMatch(
      new RegExp(`^${time} WARN: \\[SecurityEvents\\] auth\\.login_failed \\{"reason":"wrong_password"\\}$`),
    );
    expect(lines[1]).toMatch(
      new RegExp(`^${time} INFO: GET /api/v1/users/me → 200 in 3 ms \\{"req":\\{"id":"r1"`),
    );
    expect(lines[1]).toContain('"ip":"127.0.0.1"');
  });
});
