import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiProblems,
  UNAUTHENTICATED_PROBLEM,
  VALIDATION_PROBLEM,
} from '../../common/problem/api-problems.decorator';
import { CurrentSession } from '../decorators/current-session.decorator';
import { RecentAuth } from '../reauth/recent-auth';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { PasskeyDto, RenamePasskeyDto } from './dto/passkey.dto';
import { PASSKEY_NOT_FOUND_PROBLEM, passkeyNotFound } from './passkeys.problems';
import { PasskeysService } from './passkeys.service';

const passkeyId = () => new ParseUUIDPipe({ exceptionFactory: passkeyNotFound });

/** The account's own passkeys: the list, a new name, removal. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users/me/passkeys')
export class PasskeysController {
  constructor(private readonly passkeys: PasskeysService) {}

  @Get()
  @ApiOperation({ summary: 'The passkeys of this account', description: 'Oldest first; at most 20.' })
  @ApiResponse({ status: 200, type: [PasskeyDto] })
  @ApiProblems(UNAUTHENTICATED_PROBLEM)
  list(@CurrentSession() { user }: AuthenticatedSession): Promise<PasskeyDto[]> {
    return this.passkeys.list(user);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a passkey' })
  @ApiResponse({ status: 200, type: PasskeyDto })
  @ApiProblems(VALIDATION_PROBLEM, UNAUTHENTICATED_PROBLEM, PASSKEY_NOT_FOUND_PROBLEM)
  rename(
    @CurrentSession() { user }: AuthenticatedSession,
    @Param('id', passkeyId()) id: string,
    @Body() { name }: RenamePasskeyDto,
  ): Promise<PasskeyDto> {
    return this.passkeys.rename(user, id, name);
  }

  @RecentAuth()
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Remove a passkey',
    description: 'It stops signing in at once; the owner gets a notice mail.',
  })
  @ApiResponse({ status: 204, description: 'Removed.' })
  @ApiProblems(UNAUTHENTICATED_PROBLEM, PASSKEY_NOT_FOUND_PROBLEM)
  remove(
    @CurrentSession() { user }: AuthenticatedSession,
    @Param('id', passkeyId()) id: string,
  ): Promise<void> {
    return this.passkeys.remove(user, id);
  }
}
