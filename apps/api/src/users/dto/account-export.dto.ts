import { ApiProperty } from '@nestjs/swagger';
import { UserProfileDto } from './user-profile.dto';

export const EXPORT_FORMAT = 'latchkey-account-export/1';

/**
 * GET /users/me/export. Besides `profile`, each section comes from the feature that keeps the data
 * (AccountExportRequestedEvent), so they are described here by example rather than by schema.
 */
export class AccountExportDto {
  @ApiProperty({
    enum: [EXPORT_FORMAT],
    description: 'Names this document’s layout.',
    example: EXPORT_FORMAT,
  })
  format: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-06T20:15:00.000Z' })
  exportedAt: string;

  @ApiProperty({ type: UserProfileDto })
  profile: UserProfileDto;

  /** The contributed sections, by name. */
  [section: string]: unknown;
}

/** The whole document as the OpenAPI example: every section the features contribute today. */
export const ACCOUNT_EXPORT_EXAMPLE = {
  format: EXPORT_FORMAT,
  exportedAt: '2026-12-06T20:15:00.000Z',
  profile: {
    id: '3f1c7f0e-8a53-4c55-9f55-5b2f7c0f4a11',
    email: 'ada@example.com',
    nickname: 'brave-otter-417',
    avatarUrl: 'http://localhost:3000/api/v1/users/3f1c7f0e-8a53-4c55-9f55-5b2f7c0f4a11/avatar?v=2-1ydk3oq',
    emailConfirmed: true,
    approved: true,
    role: 'user',
    hasPassword: true,
    passkeyCount: 1,
    mfaEnabled: false,
    recoveryCodesLeft: 0,
    locale: 'en',
    createdAt: '2026-11-22T08:15:00.000Z',
  },
  images: [
    {
      id: '0b7d6c1e-2f4a-4d0e-9d7a-9a1f3c2e5b10',
      name: 'Tabby on a windowsill',
      caption: 'Watching the sparrows until dinner.',
      contentType: 'image/jpeg',
      width: 1600,
      height: 1200,
      url: 'http://localhost:3000/api/v1/images/0b7d6c1e-2f4a-4d0e-9d7a-9a1f3c2e5b10/full?expires=1796600000&signature=…',
      thumbnailUrl:
        'http://localhost:3000/api/v1/images/0b7d6c1e-2f4a-4d0e-9d7a-9a1f3c2e5b10/thumbnail?expires=1796600000&signature=…',
      thumbnailWidth: 480,
      thumbnailHeight: 360,
      urlsExpireAt: '2026-12-06T21:15:00.000Z',
      onAir: true,
      onHome: false,
      sequence: 0,
      owner: {
        id: '3f1c7f0e-8a53-4c55-9f55-5b2f7c0f4a11',
        nickname: 'brave-otter-417',
        avatarUrl:
          'http://localhost:3000/api/v1/users/3f1c7f0e-8a53-4c55-9f55-5b2f7c0f4a11/avatar?v=2-1ydk3oq',
      },
      createdAt: '2026-11-23T10:00:00.000Z',
    },
  ],
  passkeys: [
    {
      id: '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
      name: 'Chrome on macOS',
      createdAt: '2026-11-20T08:15:00.000Z',
      lastUsedAt: '2026-11-22T09:40:00.000Z',
      backedUp: true,
      deviceType: 'multiDevice',
      transports: ['internal', 'hybrid'],
    },
  ],
  sessions: [
    {
      id: '9b2d3c4e-5f60-4718-8a9b-0c1d2e3f4a5b',
      device: 'Firefox on Linux',
      ip: '203.0.113.7',
      createdAt: '2026-11-20T08:15:00.000Z',
      lastUsedAt: '2026-11-22T09:40:00.000Z',
      current: true,
    },
  ],
  activity: [
    {
      id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      type: 'auth.signed_in',
      occurredAt: '2026-11-22T09:40:00.000Z',
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      device: 'Firefox on Linux',
      sessionId: '9b2d3c4e-5f60-4718-8a9b-0c1d2e3f4a5b',
      actor: null,
      details: { method: 'passkey' },
    },
  ],
};
