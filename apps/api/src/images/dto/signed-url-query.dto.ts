import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Min } from 'class-validator';

/** The query that makes an image URL valid; the API writes it, clients only follow the URL. */
export class SignedUrlQueryDto {
  @ApiProperty({ description: 'Unix time in seconds after which the URL is refused.', example: 1795400100 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  expires: number;

  @ApiProperty({ description: 'HMAC of image, variant and expiry, base64url.', example: 'q8n0Lr5v' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/)
  signature: string;
}
