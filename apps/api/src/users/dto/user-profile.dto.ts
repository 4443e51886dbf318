import { ApiProperty } from '@nestjs/swagger';
import { LOCALES, type Locale } from '../../common/locale/locale';
import { ROLES, type Role } from '../user.entity';

/** What a signed-in user may know about their own account (GET /users/me, and `user` in login responses). */
export class UserProfileDto {
  @ApiProperty({ format: 'uuid', example: '3f1c7f0e-8a53-4c55-9f55-5b2f7c0f4a11' })
  id: string;

  @ApiProperty({ format: 'email', example: 'ada@example.com' })
  email: string;

  @ApiProperty({ example: 'brave-otter-417' })
  nickname: string;

  @ApiProperty({
    format: 'uri',
    description:
      'The SVG avatar tile. The `v` parameter is opaque; it changes whenever the tile does (regenerated, or ' +
      'recoloured by a new nickname), so a cached tile is never shown stale.',
    example: 'http://localhost:3000/api/v1/users/3f1c7f0e-8a53-4c55-9f55-5b2f7c0f4a11/avatar?v=2-1ydk3oq',
  })
  avatarUrl: string;

  @ApiProperty({ example: true })
  emailConfirmed: boolean;

  @ApiProperty({
    description:
      'False only while the server requires approval (REQUIRE_APPROVAL) and no admin has approved the account yet.',
    example: true,
  })
  approved: boolean;

  @ApiProperty({ enum: ROLES, example: 'user' })
  role: Role;

  @ApiProperty({ description: 'Whether the account can sign in with a password.', example: true })
  hasPassword: boolean;

  @ApiProperty({ description: 'How many passkeys can sign in to the account (at most 20).', example: 1 })
  passkeyCount: number;

  @ApiProperty({
    description: 'Whether password and magic-link sign-ins ask for a code from an authenticator app.',
    example: true,
  })
  mfaEnabled: boolean;

  @ApiProperty({ description: 'Unused recovery codes (0 while two-step verification is off).', example: 10 })
  recoveryCodesLeft: number;

  @ApiProperty({
    enum: LOCALES,
    description:
      'The language of the account’s mail and of the web app once signed in. Taken from Accept-Language at ' +
      'sign-up (English when it names neither language); changed with PATCH /users/me.',
    example: 'de',
  })
  locale: Locale;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T08:15:00.000Z' })
  createdAt: string;
}
