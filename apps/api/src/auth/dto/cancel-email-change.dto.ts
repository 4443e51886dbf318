import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CancelEmailChangeDto {
  @ApiProperty({
    description: 'The `token` parameter of the "this wasn\'t me" link mailed to the current address.',
    example: 'Q2FuY2VsIG1lOiB0aGlzIGlzIGFuIGV4YW1wbGUgdG9rZW4',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  token: string;
}
