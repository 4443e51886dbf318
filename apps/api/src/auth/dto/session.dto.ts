import { ApiProperty } from '@nestjs/swagger';

/** One signed-in device, as the person sees it in their list of sessions. */
export class SessionDto {
  @ApiProperty({ format: 'uuid', example: '9b2d3c4e-5f60-4718-8a9b-0c1d2e3f4a5b' })
  id: string;

  @ApiProperty({
    description: 'Browser and system read from the user agent, or the client’s name when it is no browser.',
    example: 'Firefox on Linux',
  })
  device: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The address the session was last refreshed from (as seen by the server).',
    example: '203.0.113.7',
  })
  ip: string | null;

  @ApiProperty({
    format: 'date-time',
    description: 'When this device signed in.',
    example: '2026-11-20T08:15:00.000Z',
  })
  createdAt: string;

  @ApiProperty({
    format: 'date-time',
    description: 'The last sign-in or token refresh (refreshes happen every 15 minutes while in use).',
    example: '2026-11-22T09:40:00.000Z',
  })
  lastUsedAt: string;

  @ApiProperty({ description: 'True for the session of the request’s own access token.', example: true })
  current: boolean;
}
