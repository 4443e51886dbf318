import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { metricsOff, wrongMetricsToken } from './metrics.problems';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * GET /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`, and is absent (404) without a token.
 * Both sides are hashed before the constant-time comparison, so neither the token's characters nor its
 * length show in the time taken.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(config: AppConfig) {
    if (config.metricsToken) this.expected = digest(config.metricsToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw metricsOff();
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const given = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
    if (given === undefined || !timingSafeEqual(digest(given), this.expected)) throw wrongMetricsToken();
    return true;
  }
}
