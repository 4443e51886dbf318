import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../problem/problem-details.filter';
import { isHealthProbe, loggableUrl, requestLogFields } from './request-log';

const SIGNED =
  '/api/v1/images/5b1e/full?expires=1796473680&signature=q2mV3t2dJ0uJ2kqk4Yw6Qx0b0bq1Vn5v8wq4Yk3yZp9';

describe('request logging', () => {
  it('logs URLs without their query string', () => {
    expect(loggableUrl(SIGNED)).toBe('/api/v1/images/5b1e/full');
    expect(loggableUrl('/api/v1/users/me')).toBe('/api/v1/users/me');
    expect(loggableUrl(undefined)).toBeUndefined();
  });

  it('knows health probes, which are not logged per request, from every other route', () => {
    for (const url of ['/api/v1/health/live', '/api/v1/health/ready', '/api/v1/health/ready?probe=lb']) {
      expect(isHealthProbe(url)).toBe(true);
    }
    for (const url of [
      '/api/v1/users/me',
      '/health',
      '/api/v1/health',
      '/x/api/v1/health/ready',
      undefined,
    ]) {
      expect(isHealthProbe(url)).toBe(false);
    }
  });

  it('gives every line of a request its id, method, path without query, and the address Fastify resolved', () => {
    const request = { id: 'r1', method: 'GET', url: SIGNED, ip: '203.0.113.7' };

    expect(requestLogFields(request)).toEqual({
      req: { id: 'r1', method: 'GET', url: '/api/v1/images/5b1e/full' },
      ip: '203.0.113.7',
    });
  });

  it('logs a server fault with the URL of the request but not its query', () => {
    const logger = new Logger('Errors');
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const reply = {
      sent: false,
      status: () => reply,
      headers: () => reply,
      header: () => reply,
      send: () => reply,
    };

    sendProblem(
      new Error('boom'),
      { id: 'r2', url: SIGNED } as FastifyRequest,
      reply as unknown as FastifyReply,
      logger,
    );

    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/api/v1/images/5b1e/full' }),
      'unhandled error',
    );
    expect(JSON.stringify(error.mock.calls)).not.toContain('signature');
  });
});
