import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentSession } from '../auth/decorators/current-session.decorator';
import { Public } from '../auth/decorators/public.decorator';
import type { AuthenticatedSession } from '../auth/sessions/sessions.service';
import { ApiProblems, UNAUTHENTICATED_PROBLEM } from '../common/problem/api-problems.decorator';
import { UserProfileDto } from './dto/user-profile.dto';
import { userNotFound, UsersService } from './users.service';

/** An SVG may carry script; this policy makes the tile inert even when opened directly. */
const AVATAR_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user’s profile' })
  @ApiResponse({ status: 200, type: UserProfileDto })
  @ApiProblems(UNAUTHENTICATED_PROBLEM)
  me(@CurrentSession() { user }: AuthenticatedSession): UserProfileDto {
    return this.users.profileOf(user);
  }

  @Public()
  @Get(':id/avatar')
  @Header('content-type', 'image/svg+xml; charset=utf-8')
  @Header('content-security-policy', AVATAR_CSP)
  @Header('cache-control', 'public, max-age=3600')
  // Served to <img> tags of SPAs on other origins (CORS_ORIGINS), so not same-origin only.
  @Header('cross-origin-resource-policy', 'cross-origin')
  @ApiOperation({ summary: 'A user’s avatar tile (SVG, safe to inline)' })
  @ApiProduces('image/svg+xml')
  @ApiResponse({ status: 200, description: 'The SVG tile.', content: { 'image/svg+xml': {} } })
  @ApiProblems([404, 'NOT_FOUND', 'There is no such user.'])
  avatar(@Param('id', new ParseUUIDPipe({ exceptionFactory: userNotFound })) id: string): Promise<string> {
    return this.users.avatarSvg(id);
  }
}
