import { Controller, Get, Header, Res, UseGuards, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators/public.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { MetricsTokenGuard } from './metrics-token.guard';
import { METRICS_OFF_PROBLEM, METRICS_TOKEN_PROBLEM } from './metrics.problems';
import { MetricsService } from './metrics.service';

/** At the origin's root, where Prometheus looks by default; outside /api/v1, which is for the product's clients. */
export const METRICS_PATH = 'metrics';
export const METRICS_AUTH = 'metricsToken';

@ApiTags('metrics')
@Public()
@UseGuards(MetricsTokenGuard)
@Controller({ path: METRICS_PATH, version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiBearerAuth(METRICS_AUTH)
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'The Prometheus text format: request durations by route template and status, sign-ins by method and ' +
      'outcome, outbox figures, rate-limit refusals and process figures. Send `Authorization: Bearer ' +
      '<METRICS_TOKEN>`; without METRICS_TOKEN the server has no metrics (404).',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4.', schema: { type: 'string' } })
  @ApiProblems(METRICS_TOKEN_PROBLEM, METRICS_OFF_PROBLEM)
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.metrics.scrape();
    reply.header('content-type', this.metrics.contentType);
    return body;
  }
}
