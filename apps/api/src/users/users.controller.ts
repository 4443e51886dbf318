import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentSession } from '../auth/decorators/current-session.decorator';
import { Public } from '../auth/decorators/public.decorator';
import { RecentAuth } from '../auth/reauth/recent-auth';
import type { AuthenticatedSession } from '../auth/sessions/sessions.service';
import {
  ApiProblems,
  UNAUTHENTICATED_PROBLEM,
  VALIDATION_PROBLEM,
} from '../common/problem/api-problems.decorator';
import { AccountExportService } from './account-export.service';
import { ACCOUNT_EXPORT_EXAMPLE, AccountExportDto } from './dto/account-export.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UserProfileDto } from './dto/user-profile.dto';
import { NICKNAME_TAKEN_PROBLEM, userNotFound, UsersService } from './users.service';

/** An SVG may carry script; this policy makes the tile inert even when opened directly. */
const AVATAR_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly exports: AccountExportService,
  ) {}

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user’s profile' })
  @ApiResponse({ status: 200, type: UserProfileDto })
  @ApiProblems(UNAUTHENTICATED_PROBLEM)
  me(@CurrentSession() { user }: AuthenticatedSession): UserProfileDto {
    return this.users.profileOf(user);
  }

  @Patch('me')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change the nickname or the language',
    description:
      'Fields left out stay as they are. Returns the updated profile. `locale` is the language of the ' +
      'account’s mail from now on (`en` or `de`; anything else is 400 VALIDATION_FAILED).',
  })
  @ApiResponse({ status: 200, type: UserProfileDto })
  @ApiProblems(VALIDATION_PROBLEM, UNAUTHENTICATED_PROBLEM, NICKNAME_TAKEN_PROBLEM)
  async update(
    @CurrentSession() { user }: AuthenticatedSession,
    @Body() body: UpdateProfileDto,
  ): Promise<UserProfileDto> {
    return this.users.profileOf(await this.users.updateProfile(user, body));
  }

  @Get('me/export')
  @ApiBearerAuth()
  @RecentAuth()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Download a copy of the account’s data',
    description:
      'A JSON attachment (`latchkey-export-<date>.json`) with the profile, the signed-in sessions, the ' +
      'passkeys (names, dates and transports; no key material), the images (metadata and signed links that ' +
      'expire like any image URL) and the security activity. Never a password hash, token, key or secret. ' +
      'Needs a sign-in or re-authentication within the last 5 minutes.',
  })
  @ApiExtraModels(AccountExportDto)
  @ApiResponse({
    status: 200,
    description:
      'The document, as an attachment: `format`, `exportedAt`, `profile`, then one member per section that a ' +
      'feature contributes (`activity`, `images`, `passkeys`, `sessions`), in the order of their names.',
    headers: {
      'content-disposition': {
        description: 'attachment; filename="latchkey-export-<YYYY-MM-DD>.json"',
        schema: { type: 'string', example: 'attachment; filename="latchkey-export-2026-12-06.json"' },
      },
    },
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(AccountExportDto) },
        example: ACCOUNT_EXPORT_EXAMPLE,
      },
    },
  })
  @ApiProblems(UNAUTHENTICATED_PROBLEM)
  async export(
    @CurrentSession() session: AuthenticatedSession,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountExportDto> {
    const document = await this.exports.export(session);
    reply.header(
      'content-disposition',
      `attachment; filename="${this.exports.fileName(document.exportedAt)}"`,
    );
    return document;
  }

  @Post('me/avatar')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Regenerate the avatar tile',
    description: 'Draws the tile from another template (never the current one); `avatarUrl` changes with it.',
  })
  @ApiResponse({ status: 200, type: UserProfileDto })
  @ApiProblems(UNAUTHENTICATED_PROBLEM)
  async regenerateAvatar(@CurrentSession() { user }: AuthenticatedSession): Promise<UserProfileDto> {
    return this.users.profileOf(await this.users.regenerateAvatar(user));
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
