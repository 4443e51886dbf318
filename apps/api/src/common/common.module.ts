import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ProblemDetailsFilter } from './problem/problem-details.filter';
import { createValidationPipe } from './problem/validation';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimits } from './rate-limit/rate-limits.service';

/**
 * Cross-cutting HTTP behaviour: validation, problem-details errors, rate limits. The request log is written by
 * Fastify hooks (logging/request-log.ts, registered in createApp), not by a Nest middleware.
 */
@Module({
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    RateLimits,
    // Registered before the auth module's guards: a client over its limit is turned away before any lookup.
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class CommonModule {}
