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

  @ApiPropertyOptional({
    description:
      'With `INVALID_MFA_CODE`: how many more wrong codes this sign-in step takes (0: sign in again).',
    example: 3,
  })
  triesLeft?: number;

  @ApiPropertyOptional({
    description:
      'With `NOT_READY`: the state of each dependency, as `GET /health/ready` reports it when ready.',
    type: 'object',
    additionalProperties: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
    },
    example: { database: { status: 'down', message: 'database unreachable' } },
  })
  checks?: Record<string, { status: 'up' | 'down'; message?: string }>;
}
