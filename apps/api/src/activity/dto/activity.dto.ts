import { ApiProperty } from '@nestjs/swagger';
import {
  ACTIVITY_TYPES,
  type ActivityDetails,
  type ActivityType,
} from '../../common/events/security-activity.event';

/** An account named in an event; both null once it was deleted. */
export class ActivityAccountDto {
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    example: '9b2f0c1e-4d1a-4f7e-8a53-2f1d3c4b5a69',
  })
  id: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'admin' })
  nickname: string | null;
}

export class ActivityItemDto {
  @ApiProperty({ format: 'uuid', example: '3fa85f64-5717-4562-b3fc-2c963f66afa6' })
  id: string;

  @ApiProperty({
    enum: ACTIVITY_TYPES,
    enumName: 'ActivityType',
    description:
      'Dot-named by area; clients should show types they do not know gracefully, as more may come.',
    example: 'auth.signed_in',
  })
  type: ActivityType;

  @ApiProperty({ format: 'date-time', example: '2026-12-06T19:51:33.123Z' })
  occurredAt: string;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  })
  userAgent: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A name for the user agent.',
    example: 'Firefox on Linux',
  })
  device: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    example: '0d7c5b0e-1c5e-4a8e-9d43-5a1f2b3c4d5e',
  })
  sessionId: string | null;

  @ApiProperty({
    type: ActivityAccountDto,
    nullable: true,
    description: 'Who did it when that was someone else (an admin); null when the account itself acted.',
  })
  actor: ActivityAccountDto | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: {
      oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
      nullable: true,
    },
    description:
      'What else is known, never a secret: `method` and `secondStep` of a sign-in, `reason` of a failure, ' +
      '`scope` of a revocation, `role`, `imageId`… A deleted account appears as `subjectPseudonym` or ' +
      '`actorPseudonym`, the same opaque string in all its rows.',
    example: { method: 'password', secondStep: 'totp' },
  })
  details: ActivityDetails;
}

export class AuditItemDto extends ActivityItemDto {
  @ApiProperty({ type: ActivityAccountDto, nullable: true, description: 'The account it happened to.' })
  subject: ActivityAccountDto | null;
}

export class ActivityPageDto {
  @ApiProperty({ type: [ActivityItemDto], description: 'Newest first.' })
  items: ActivityItemDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next (older) page; null on the last page.',
    example: null,
  })
  nextCursor: string | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditItemDto], description: 'Newest first.' })
  items: AuditItemDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` with the same filters for the next (older) page; null on the last page.',
    example: null,
  })
  nextCursor: string | null;
}
