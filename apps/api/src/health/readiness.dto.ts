import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export type DependencyStatus = 'up' | 'down';

/** The state of one thing the instance depends on. */
export class DependencyCheckDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status: DependencyStatus;

  @ApiPropertyOptional({
    description: 'Why it is down.',
    example: 'SMTP server unavailable: connect ECONNREFUSED',
  })
  message?: string;
}

export class ReadinessChecksDto {
  @ApiProperty({ type: DependencyCheckDto, description: 'The database answers. Down: not ready.' })
  database: DependencyCheckDto;

  @ApiProperty({
    type: DependencyCheckDto,
    description: 'Every migration this version knows has run. Down: not ready.',
  })
  migrations: DependencyCheckDto;

  @ApiProperty({
    type: DependencyCheckDto,
    description:
      'The SMTP server accepts a connection. Reported only: mail waits in the outbox while it is down, ' +
      'so it never makes the instance unready.',
  })
  mail: DependencyCheckDto;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';

  @ApiProperty({ type: ReadinessChecksDto })
  checks: ReadinessChecksDto;
}

export class LivenessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';
}
