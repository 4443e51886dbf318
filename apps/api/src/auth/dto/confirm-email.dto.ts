import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ConfirmEmailDto {
  @ApiProperty({
    description: 'The `token` parameter of the link in the confirmation mail.',
    example: 'Q2hhbmdlIG1lOiB0aGlzIGlzIGFuIGV4YW1wbGUgdG9rZW4',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  token: string;
}
