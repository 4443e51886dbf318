import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems, VALIDATION_PROBLEM } from '../../common/problem/api-problems.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Public } from '../decorators/public.decorator';
import { CancelEmailChangeDto } from '../dto/cancel-email-change.dto';
import { EmailChangeCancelService } from './email-change-cancel.service';
import { INVALID_CANCEL_TOKEN_PROBLEM } from './email-change.problems';

@ApiTags('auth')
@Controller('auth/email/change')
export class EmailChangeCancelController {
  constructor(private readonly cancellation: EmailChangeCancelService) {}

  @Public()
  @RateLimit('token')
  @Post('cancel')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Cancel an email change with the link mailed to the current address',
    description:
      'Takes the token of the "this wasn\'t me" link (`PUBLIC_URL/cancel-email-change?token=…`, valid 7 ' +
      'days) in the notice that an email change was asked for. The pending change link stops working and ' +
      'every session of the account ends, since whoever asked knew the password: reset it next. A change ' +
      'already confirmed, a newer request (it mails a new link) and a password reset or change end the link.',
  })
  @ApiResponse({ status: 204, description: 'Cancelled; every session of the account has ended.' })
  @ApiProblems(VALIDATION_PROBLEM, INVALID_CANCEL_TOKEN_PROBLEM)
  async cancel(@Body() { token }: CancelEmailChangeDto): Promise<void> {
    await this.cancellation.cancel(token);
  }
}
