import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { trimmed } from '../../../common/problem/validation';
import { PageQueryDto } from '../../../common/pagination/page.dto';

export const ACCOUNT_STATES = ['unconfirmed', 'pending', 'active', 'disabled', 'admin'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

export class AdminUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Part of the email address or nickname, in any case; `%` and `_` match only themselves.',
    maxLength: 320,
    example: 'otter',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(320)
  search?: string;

  @ApiPropertyOptional({
    enum: ACCOUNT_STATES,
    description:
      '`unconfirmed`: email not confirmed yet; `pending`: confirmed and waiting for approval (only while ' +
      'REQUIRE_APPROVAL is on); `active`: may use the product; `disabled`: disabled by an admin; ' +
      '`admin`: has the admin role. All but `admin` leave disabled accounts out.',
    example: 'pending',
  })
  @IsOptional()
  @IsIn(ACCOUNT_STATES)
  state?: AccountState;
}
