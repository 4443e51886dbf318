import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: 'IS_EMAIL' })
  code: string;

  @ApiProperty({ example: 'Enter a valid email address.' })
  message: string;
}

/** RFC 9457 problem details, the body of every error response. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'urn:latchkey:problem:validation-failed' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'Some fields are missing or invalid.' })
  detail: string;

  @ApiProperty({ description: 'Stable UPPER_SNAKE identifier to switch on.', example: 'VALIDATION_FAILED' })
  code: string;

  @ApiPropertyOptional({ example: '/api/v1/auth/signup' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    description:
      'With `REAUTHENTICATION_REQUIRED` and `REAUTH_METHOD_UNAVAILABLE`: the ways this account can confirm it is you.',
    example: ['password', 'email_code'],
  })
  methods?: string[];
}
