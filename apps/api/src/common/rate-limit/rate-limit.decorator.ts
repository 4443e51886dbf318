import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { RateLimitPolicy } from '../../config/rate-limits';
import { problemResponse } from '../problem/api-problems.decorator';

export const RATE_LIMITS = 'latchkey:rateLimits';

export const TOO_MANY_REQUESTS_DETAIL = 'Too many requests from your network; try again later.';

/**
 * Limits how often one client address may call the route under each named policy (RATE_LIMIT_<POLICY>);
 * over any of them the answer is 429 TOO_MANY_REQUESTS with Retry-After, before anything else happens.
 * Every route that sends mail takes `@RateLimit('mail')` (plus its own policy, if it has one).
 */
export function RateLimit(...policies: [RateLimitPolicy, ...RateLimitPolicy[]]) {
  return applyDecorators(
    SetMetadata(RATE_LIMITS, policies),
    ApiResponse({
      ...problemResponse(429, [[429, 'TOO_MANY_REQUESTS', TOO_MANY_REQUESTS_DETAIL]]),
      headers: {
        'Retry-After': {
          description: 'Seconds until this client may try again.',
          schema: { type: 'integer', minimum: 1, example: 42 },
        },
      },
    }),
  );
}
