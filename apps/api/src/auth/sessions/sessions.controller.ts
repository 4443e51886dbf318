import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems, UNAUTHENTICATED_PROBLEM } from '../../common/problem/api-problems.decorator';
import { CurrentSession } from '../decorators/current-session.decorator';
import { SessionDto } from '../dto/session.dto';
import { RefreshCookie } from './refresh-cookie';
import type { AuthenticatedSession } from './sessions.service';
import { SESSION_LIST_LIMIT, sessionNotFound, UserSessionsService } from './user-sessions.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users/me/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: UserSessionsService,
    private readonly refreshCookie: RefreshCookie,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The devices signed in to this account',
    description: `Live sessions only (not logged out, revoked or expired), most recently used first; at most ${SESSION_LIST_LIMIT}.`,
  })
  @ApiResponse({ status: 200, type: [SessionDto] })
  @ApiProblems(UNAUTHENTICATED_PROBLEM)
  list(@CurrentSession() { user, sessionId }: AuthenticatedSession): Promise<SessionDto[]> {
    return this.sessions.list(user.id, sessionId);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Sign a device out',
    description:
      'The session ends at once: its access token fails at the next request and its refresh token is refused. ' +
      'Revoking the current session logs this device out, as POST /auth/logout does.',
  })
  @ApiResponse({ status: 204, description: 'Signed out.' })
  @ApiProblems(UNAUTHENTICATED_PROBLEM, [
    404,
    'NOT_FOUND',
    'No live session of yours has this id (unknown, already ended, or another account’s).',
  ])
  async revoke(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: sessionNotFound })) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.revoke(session.user.id, id);
    if (id === session.sessionId) this.refreshCookie.clear(reply);
  }
}
