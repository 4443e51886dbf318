import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { toCanonicalEmail } from './account-email.decorator';

export const TOKEN_DELIVERIES = ['body', 'cookie'] as const;
export type TokenDelivery = (typeof TOKEN_DELIVERIES)[number];

/**
 * `deviceToken` in a sign-in body: the token an earlier sign-in of this account handed this device, for clients
 * that keep no cookies (browsers send the device cookie instead). `effect` says what it changes on the route.
 */
export const DeviceTokenProperty = (
  effect = 'A sign-in from a device the account knows mails no new-sign-in notice.',
) =>
  applyDecorators(
    ApiPropertyOptional({
      description:
        'The `deviceToken` of an earlier sign-in of this account on this device (native clients; browsers ' +
        `send the device cookie instead). ${effect}`,
      example: 'r8Zk2m0qT3yVx1bN5cW7eA.1795430000.q2mV3t2dJ0uJ2kqk4Yw6Qx0b0bq1Vn5v8wq4Yk3yZp9',
    }),
    IsOptional(),
    IsString(),
    MaxLength(200),
  );

/** What every way in (password, magic link, passkey) lets the client choose about the session it starts. */
export class SignInOptionsDto {
  @ApiPropertyOptional({
    description:
      'Keep the session for REMEMBER_ME_REFRESH_TOKEN_TTL (30 days) instead of REFRESH_TOKEN_TTL (7 days).',
    default: false,
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  rememberMe?: boolean;

  @ApiPropertyOptional({
    enum: TOKEN_DELIVERIES,
    default: 'body',
    description:
      '"cookie": the refresh token is set as an HttpOnly cookie scoped to /api/v1/auth (for browsers); ' +
      '"body": it is returned as `refreshToken` (for native clients).',
    example: 'cookie',
  })
  @IsOptional()
  @IsIn(TOKEN_DELIVERIES)
  tokenDelivery?: TokenDelivery;

  @DeviceTokenProperty()
  deviceToken?: string;
}

export class LoginDto extends SignInOptionsDto {
  @ApiProperty({ format: 'email', example: 'ada@example.com' })
  @Transform(toCanonicalEmail)
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'lantern quietly orbiting plums' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password: string;

  @DeviceTokenProperty(
    'With it, wrong passwords count against this device only, and the lock that failures from elsewhere put ' +
      'on the account does not apply; and a sign-in from it mails no new-sign-in notice.',
  )
  override deviceToken?: string;
}
