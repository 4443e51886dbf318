import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/decorators/public.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { notReady, NOT_READY_PROBLEM } from './health.problems';
import { LivenessDto, ReadinessDto } from './readiness.dto';
import { ReadinessService } from './readiness.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers HTTP' })
  @ApiResponse({ status: 200, type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the database answers and its migrations have run',
    description:
      'For load balancers. The mail server’s state is reported in `checks.mail` but never makes the ' +
      'instance unready: mail waits in the outbox until the server is back.',
  })
  @ApiResponse({ status: 200, type: ReadinessDto })
  @ApiProblems(NOT_READY_PROBLEM)
  async ready(): Promise<ReadinessDto> {
    const { ready, checks } = await this.readiness.check();
    if (!ready) throw notReady(checks);
    return { status: 'ok', checks };
  }
}
