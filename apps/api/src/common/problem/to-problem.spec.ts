import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { ProblemException } from './problem';
import { toProblem } from './to-problem';

describe('toProblem', () => {
  it('keeps the status, code, detail, field errors and headers of a ProblemException', () => {
    const error = new ProblemException(429, 'TOO_MANY_REQUESTS', 'Slow down.', undefined, {
      'retry-after': '30',
    });
    expect(toProblem(error)).toEqual({
      body: {
        type: 'urn:latchkey:problem:too-many-requests',
        title: 'Too Many Requests',
        status: 429,
        detail: 'Slow down.',
        code: 'TOO_MANY_REQUESTS',
      },
      headers: { 'retry-after': '30' },
    });
  });

  it('gives Nest built-in exceptions a stable code from their status', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x')).body).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      detail: 'Cannot GET /x',
    });
    expect(toProblem(new BadRequestException()).body).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(toProblem(new HttpException('Request body is too large', 413)).body.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('never shows internals of unexpected errors', () => {
    const { body } = toProblem(new Error('connection to 10.0.0.5 refused: password for postgres'));
    expect(body).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(JSON.stringify(body)).not.toMatch(/10\.0\.0\.5|postgres/);
    expect(toProblem(new HttpException('db said no', 502)).body.code).toBe('INTERNAL_ERROR');
  });

  it('answers a failed readiness check with 503 naming the components that are down', () => {
    const notReady = new HttpException({ status: 'error', error: { mail: { status: 'down' } } }, 503);
    expect(toProblem(notReady).body).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      detail: 'Not ready: mail unavailable.',
    });
  });
});
