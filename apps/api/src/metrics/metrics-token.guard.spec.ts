import type { ExecutionContext } from '@nestjs/common';
import { ProblemException } from '../common/problem/problem';
import { testConfig } from '../testing/test-config';
import { MetricsTokenGuard } from './metrics-token.guard';

const TOKEN = 'scrape-0123456789-abcdefghij-KLMNOPQRST';

function contextWith(authorization?: string): ExecutionContext {
  const request = { headers: authorization === undefined ? {} : { authorization } };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

const problem = (status: number, code: string) =>
  expect.objectContaining({ status, code }) as ProblemException;

describe('MetricsTokenGuard', () => {
  const guard = new MetricsTokenGuard(testConfig({ METRICS_TOKEN: TOKEN }));

  it.each([`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `Bearer  ${TOKEN} `])('lets %p scrape', (header) => {
    expect(guard.canActivate(contextWith(header))).toBe(true);
  });

  it.each([
    undefined,
    '',
    'Bearer',
    `Basic ${TOKEN}`,
    TOKEN,
    `Bearer ${TOKEN}x`,
    `Bearer ${TOKEN.slice(0, -1)}`,
    `Bearer ${TOKEN.toUpperCase()}`,
    `Bearer ${TOKEN} extra`,
  ])('answers %p 401 UNAUTHENTICATED', (header) => {
    expect(() => guard.canActivate(contextWith(header))).toThrow(problem(401, 'UNAUTHENTICATED'));
  });

  it('answers 404 NOT_FOUND to everyone, the right token included, when METRICS_TOKEN is unset', () => {
    const off = new MetricsTokenGuard(testConfig());
    for (const header of [undefined, `Bearer ${TOKEN}`]) {
      expect(() => off.canActivate(contextWith(header))).toThrow(problem(404, 'NOT_FOUND'));
    }
  });
});
