import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth/decorators/admin-only.decorator';
import { ApiProblems, VALIDATION_PROBLEM } from '../common/problem/api-problems.decorator';
import { INVALID_CURSOR_PROBLEM } from './activity.problems';
import { ActivityService } from './activity.service';
import { AuditQueryDto } from './dto/activity-query.dto';
import { AuditPageDto } from './dto/activity.dto';

@ApiTags('admin')
@AdminOnly()
@Controller('admin/audit')
export class AdminAuditController {
  constructor(private readonly activity: ActivityService) {}

  @Get()
  @ApiOperation({
    summary: 'The audit log',
    description:
      'Every security event and admin action, newest first, filtered by account (as subject or actor), type ' +
      'and time; a page at a time through `nextCursor`, passed with the same filters.',
  })
  @ApiResponse({ status: 200, type: AuditPageDto })
  @ApiProblems(VALIDATION_PROBLEM, INVALID_CURSOR_PROBLEM)
  list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.activity.audit(query);
  }
}
