import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { toCanonicalEmail } from './account-email.decorator';
import { ExactlyOneOf } from './exactly-one-of.decorator';

/**
 * The proof of a mailbox that a mail with a link and a 6-digit code gives (password reset, magic link):
 * `token`, or `email` and `code`. Routes extend it with their own fields.
 */
export class MailedProofDto {
  @ApiPropertyOptional({
    description: 'The `token` parameter of the mailed link. Leave out when sending `email` and `code`.',
    example: 'Q2hhbmdlIG1lOiB0aGlzIGlzIGFuIGV4YW1wbGUgdG9rZW4',
  })
  // Checked when present, and when nothing else is: then it is the field that is missing.
  // class-validator runs the decorators nearest the property first; stopAtFirstError keeps the first message.
  @ValidateIf((body: MailedProofDto) => body.token !== undefined || !usesCode(body))
  @MaxLength(4096)
  @IsNotEmpty()
  @IsString()
  @ExactlyOneOf<MailedProofDto>(
    'tokenOrCode',
    [(body) => body.token !== undefined, usesCode],
    'Send either the token from the link, or the email address and the code.',
  )
  token?: string;

  @ApiPropertyOptional({
    format: 'email',
    description: 'With `code`: the address the mail went to.',
    example: 'ada@example.com',
  })
  @ValidateIf((body: MailedProofDto) => body.token === undefined && usesCode(body))
  @Transform(toCanonicalEmail)
  @MaxLength(320)
  @IsNotEmpty()
  @IsString()
  email?: string;

  @ApiPropertyOptional({
    description: 'With `email`: the 6-digit code from the mail.',
    pattern: '^[0-9]{6}$',
    example: '042917',
  })
  @ValidateIf((body: MailedProofDto) => body.token === undefined && usesCode(body))
  @Matches(/^[0-9]{6}$/, { message: 'The code is the 6 digits from the mail.' })
  @IsString()
  code?: string;
}

function usesCode({ email, code }: MailedProofDto): boolean {
  return email !== undefined || code !== undefined;
}
