import type { ExecutionContext } from '@nestjs/common';
import { ProblemException } from '../common/problem/problem';
import { DevInboxGuard, isLoopback } from './dev-inbox.guard';
import type { SmtpCatcher } from './smtp-catcher';

/** A request whose socket peer is `remoteAddress`, with whatever headers a client chose to send. */
function contextFrom(
  remoteAddress: string | undefined,
  headers: Record<string, string> = {},
): ExecutionContext {
  const request = { raw: { socket: { remoteAddress } }, headers, ip: headers['x-forwarded-for'] };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

const guardWith = (isRunning: boolean) => new DevInboxGuard({ isRunning } as SmtpCatcher);

describe('DevInboxGuard', () => {
  it.each(['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1'])('lets a loopback client (%s) in', (peer) => {
    expect(guardWith(true).canActivate(contextFrom(peer))).toBe(true);
  });

  it.each(['192.0.2.2', '::ffff:192.0.2.2', 'fd00::2', '10.127.0.1', '::2', undefined])(
    'answers a client at %p 404 NOT_FOUND, as a server without an inbox would',
    (peer) => {
      expect(() => guardWith(true).canActivate(contextFrom(peer))).toThrow(
        expect.objectContaining({ code: 'NOT_FOUND', status: 404 }) as ProblemException,
      );
    },
  );

  it('believes the socket, not X-Forwarded-For', () => {
    const forged = contextFrom('192.0.2.2', { 'x-forwarded-for': '127.0.0.1' });
    expect(() => guardWith(true).canActivate(forged)).toThrow(ProblemException);
  });

  it('answers 404 to everyone when mail goes to a real server', () => {
    expect(() => guardWith(false).canActivate(contextFrom('127.0.0.1'))).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', status: 404 }) as ProblemException,
    );
  });

  it('does not take a look-alike for loopback', () => {
    expect(isLoopback('127.0.0.1.example')).toBe(false);
    expect(isLoopback('::ffff:::1')).toBe(false);
  });
});
