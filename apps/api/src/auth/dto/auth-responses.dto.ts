import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UserProfileDto } from '../../users/dto/user-profile.dto';

export class AcceptedDto {
  @ApiProperty({ enum: ['accepted'], example: 'accepted' })
  status: 'accepted';
}

export class SignedInDto {
  @ApiProperty({ type: UserProfileDto })
  user: UserProfileDto;

  @ApiProperty({
    description: 'Bearer JWT for the Authorization header; keep it in memory only.',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzaWQiOiIuLi4ifQ.c2lnbmF0dXJl',
  })
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 900 })
  expiresIn: number;

  @ApiPropertyOptional({
    description: 'Only with tokenDelivery "body": exchange it at POST /auth/refresh; it works once.',
    example: 'mV3t2dJ0uJ2kqk4Yw6Qx0b0bq1Vn5v8wq4Yk3yZp9aE',
  })
  refreshToken?: string;

  @ApiPropertyOptional({
    description:
      'Only from a sign-in (any method) with tokenDelivery "body": keep it on the device and send it as ' +
      '`deviceToken` at the next password sign-ins, so failures from elsewhere never lock this device out. ' +
      'Browsers get it as an HttpOnly cookie instead, which also marks the device as known: a sign-in from a ' +
      'device the account has not used in 90 days mails the owner a "new sign-in" notice.',
    example: 'r8Zk2m0qT3yVx1bN5cW7eA.1795430000.q2mV3t2dJ0uJ2kqk4Yw6Qx0b0bq1Vn5v8wq4Yk3yZp9',
  })
  deviceToken?: string;
}

export class ConfirmedDto {
  @ApiProperty({ type: UserProfileDto })
  user: UserProfileDto;
}

/** What a confirmation link is about, as POST /auth/email/confirm/preview names it. */
export const CONFIRMATION_PURPOSES = ['signup', 'email-change'] as const;
export type ConfirmationPurpose = (typeof CONFIRMATION_PURPOSES)[number];

/** Only what the mail with the link told its reader already: the address it went to and the nickname. */
export class EmailConfirmationPreviewDto {
  @ApiProperty({
    enum: CONFIRMATION_PURPOSES,
    description:
      '`signup`: confirming makes a new account’s address confirmed; `email-change`: confirming moves an ' +
      'existing account to `email`.',
    example: 'signup',
  })
  purpose: ConfirmationPurpose;

  @ApiProperty({
    format: 'email',
    description: 'The address being confirmed: the one the link was mailed to (for a change, the new one).',
    example: 'ada@example.com',
  })
  email: string;

  @ApiProperty({ description: 'The account’s nickname, as the mail greeted it.', example: 'brave-otter-417' })
  nickname: string;
}
