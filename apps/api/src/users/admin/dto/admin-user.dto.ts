import { ApiProperty, PickType } from '@nestjs/swagger';
import { PageDto } from '../../../common/pagination/page.dto';
import { UserProfileDto } from '../../dto/user-profile.dto';

/**
 * An account as the admin user list shows it: the public part of its profile (with whether two-step
 * verification is on, for a reset), and whether it is disabled.
 */
export class AdminUserDto extends PickType(UserProfileDto, [
  'id',
  'email',
  'nickname',
  'avatarUrl',
  'role',
  'emailConfirmed',
  'approved',
  'mfaEnabled',
  'createdAt',
] as const) {
  @ApiProperty({ description: 'Disabled accounts cannot sign in and have no sessions.', example: false })
  disabled: boolean;
}

export class AdminUserPageDto extends PageDto {
  @ApiProperty({ type: [AdminUserDto], description: 'Newest accounts first.' })
  items: AdminUserDto[];
}
