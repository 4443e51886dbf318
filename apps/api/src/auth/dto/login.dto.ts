import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { toCanonicalEmail } from './account-email.decorator';

export const TOKEN_DELIVERIES = ['body', 'cookie'] as const;
export type TokenDelivery = (typeof TOKEN_DELIVERIES)[number];

export class LoginDto {
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
}
