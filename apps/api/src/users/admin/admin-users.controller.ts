import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../auth/decorators/admin-only.decorator';
import { TOTP_NOT_ENABLED_PROBLEM } from '../../auth/mfa/mfa.problems';
import { CurrentSession } from '../../auth/decorators/current-session.decorator';
import type { AuthenticatedSession } from '../../auth/sessions/sessions.service';
import { ApiProblems, VALIDATION_PROBLEM } from '../../common/problem/api-problems.decorator';
import { userNotFound } from '../users.service';
import { AdminUserDto, AdminUserPageDto } from './dto/admin-user.dto';
import { AdminUsersQueryDto } from './dto/admin-users-query.dto';
import { UpdateAdminUserDto } from './dto/update-admin-user.dto';
import { AdminUsersService } from './admin-users.service';

@ApiTags('admin')
@AdminOnly()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly adminUsers: AdminUsersService) {}

  @Get()
  @ApiOperation({
    summary: 'Find accounts',
    description: 'Search by email or nickname, filter by state; newest accounts first, paginated.',
  })
  @ApiResponse({ status: 200, type: AdminUserPageDto })
  @ApiProblems(VALIDATION_PROBLEM)
  list(@Query() query: AdminUsersQueryDto): Promise<AdminUserPageDto> {
    return this.adminUsers.list(query);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Approve, disable or appoint an account, or reset its two-step verification',
    description:
      'Changes take effect on the account’s next request. Disabling ends its sessions at once; approving ' +
      'mails the user while REQUIRE_APPROVAL is on. The last enabled admin cannot step down or be disabled. ' +
      '`resetMfa` turns two-step verification off for someone who lost every second factor, and mails them.',
  })
  @ApiResponse({ status: 200, type: AdminUserDto })
  @ApiProblems(
    VALIDATION_PROBLEM,
    [404, 'NOT_FOUND', 'There is no such user.'],
    [409, 'LAST_ADMIN', 'The change would leave no enabled administrator.'],
    TOTP_NOT_ENABLED_PROBLEM,
  )
  update(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: userNotFound })) id: string,
    @Body() change: UpdateAdminUserDto,
    @CurrentSession() { user: admin }: AuthenticatedSession,
  ): Promise<AdminUserDto> {
    return this.adminUsers.update(id, change, admin.id);
  }
}
