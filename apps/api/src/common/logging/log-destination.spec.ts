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

  it('writes readable lines in development on a terminal', async () => {
    const out = new PassThrough();
    const lines: string[] = [];
    out.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    const logger = createRootLogger('info', await logDestination('development', { isTTY: true }, out));

    logger.warn({ event: 'auth.login_failed', reason: 'wrong_password' }, 'auth.login_failed');

    const text = lines.join('');
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: auth\.login_failed\n/);
    expect(text).toContain('reason: "wrong_password"');
    expect(() => JSON.parse(text)).toThrow();
  });
});
