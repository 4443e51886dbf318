import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentSession } from '../auth/decorators/current-session.decorator';
import type { AuthenticatedSession } from '../auth/sessions/sessions.service';
import {
  ApiProblems,
  UNAUTHENTICATED_PROBLEM,
  VALIDATION_PROBLEM,
} from '../common/problem/api-problems.decorator';
import { INVALID_CURSOR_PROBLEM } from './activity.problems';
import { ActivityService } from './activity.service';
import { ActivityQueryDto } from './dto/activity-query.dto';
import { ActivityPageDto } from './dto/activity.dto';

@ApiTags('users')
@Controller('users/me/activity')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The account’s security activity',
    description:
      'Sign-ins and failed ones, sign-outs, changes to password, address, passkeys and two-step verification, ' +
      'revoked sessions and what admins did to the account; newest first, a page at a time through `nextCursor`. ' +
      `Kept for AUDIT_RETENTION_DAYS.`,
  })
  @ApiResponse({ status: 200, type: ActivityPageDto })
  @ApiProblems(VALIDATION_PROBLEM, INVALID_CURSOR_PROBLEM, UNAUTHENTICATED_PROBLEM)
  list(
    @CurrentSession() { user }: AuthenticatedSession,
    @Query() query: ActivityQueryDto,
  ): Promise<ActivityPageDto> {
    return this.activity.own(user.id, query);
  }
}
