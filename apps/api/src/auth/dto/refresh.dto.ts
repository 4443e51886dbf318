import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  @ApiPropertyOptional({
    description: 'The refresh token from the last login or refresh; leave out to use the refresh cookie.',
    example: 'mV3t2dJ0uJ2kqk4Yw6Qx0b0bq1Vn5v8wq4Yk3yZp9aE',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  refreshToken?: string;
}
