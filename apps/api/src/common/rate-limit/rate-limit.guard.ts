import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { RateLimitPolicy } from '../../config/rate-limits';
import { ProblemException } from '../problem/problem';
import { rateLimitKeyOf } from './client-address';
import { RATE_LIMITS, TOO_MANY_REQUESTS_DETAIL } from './rate-limit.decorator';
import { RateLimits } from './rate-limits.service';

/**
 * Global guard for routes marked @RateLimit(...). The client is `request.ip`, which Fastify takes from
 * X-Forwarded-For only when TRUST_PROXY says a proxy sets it: otherwise a forged header changes nothing.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policies = this.reflector.getAllAndMerge<RateLimitPolicy[]>(RATE_LIMITS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policies.length) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const retryAfterSeconds = await this.limits.consume(policies, rateLimitKeyOf(request.ip));
    if (retryAfterSeconds === undefined) return true;
    throw new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      'TOO_MANY_REQUESTS',
      TOO_MANY_REQUESTS_DETAIL,
      undefined,
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}
