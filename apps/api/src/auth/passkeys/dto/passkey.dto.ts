import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { trimmed } from '../../../common/problem/validation';
import { DeviceTokenProperty, TOKEN_DELIVERIES, type TokenDelivery } from '../../dto/login.dto';
import type { Passkey } from '../passkey.entity';
import {
  AuthenticationCredentialDto,
  NestedObject,
  RegistrationCredentialDto,
} from './webauthn-response.dto';

export const PASSKEY_NAME_MAX = 64;
/** Names are shown in lists and mails: no control or format characters (such as bidi overrides). */
const PRINTABLE = /^[^\p{Cc}\p{Cf}]+$/u;

const PasskeyName = () =>
  applyDecorators(
    Transform(trimmed),
    IsString(),
    Length(1, PASSKEY_NAME_MAX),
    Matches(PRINTABLE, { message: 'The name may not contain control characters.' }),
  );

/** One passkey, as its owner sees it in the list. */
export class PasskeyDto {
  @ApiProperty({ format: 'uuid', example: '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b' })
  id: string;

  @ApiProperty({ example: 'Chrome on macOS', maxLength: PASSKEY_NAME_MAX })
  name: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-20T08:15:00.000Z' })
  createdAt: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The last sign-in with it; null when it has not signed in yet.',
    example: '2026-11-22T09:40:00.000Z',
  })
  lastUsedAt: string | null;

  @ApiProperty({ description: 'Whether the passkey is backed up (synced to other devices).', example: true })
  backedUp: boolean;

  @ApiProperty({
    enum: ['singleDevice', 'multiDevice'],
    description: 'multiDevice: a synced passkey; singleDevice: bound to one authenticator (a security key).',
    example: 'multiDevice',
  })
  deviceType: 'singleDevice' | 'multiDevice';
}

export function toPasskeyDto(passkey: Passkey): PasskeyDto {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
    backedUp: passkey.backedUp,
    deviceType: passkey.deviceType,
  };
}

/** Options for navigator.credentials.create() or .get(), and the id to send back with the answer. */
export class CeremonyOptionsDto {
  @ApiProperty({
    format: 'uuid',
    description: 'Send it back with the answer; valid 5 minutes, once.',
    example: '0b6c3f1e-2d4a-4c8e-9f1a-7e5d3c2b1a09',
  })
  challengeId: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'PublicKeyCredentialCreationOptionsJSON or PublicKeyCredentialRequestOptionsJSON: pass it to ' +
      '@simplewebauthn/browser (startRegistration / startAuthentication) or PublicKeyCredential.parse…FromJSON.',
    example: {
      challenge: 'Yq3c0mM4b2x1ZS1jaGFsbGVuZ2U',
      rpId: 'localhost',
      timeout: 300000,
      userVerification: 'preferred',
      allowCredentials: [],
    },
  })
  options: Record<string, unknown>;
}

abstract class CeremonyAnswerDto {
  @ApiProperty({
    format: 'uuid',
    description: 'From the options.',
    example: '0b6c3f1e-2d4a-4c8e-9f1a-7e5d3c2b1a09',
  })
  @IsUUID('all', { message: 'challengeId must be the id the options came with.' })
  challengeId: string;
}

export class RegisterPasskeyDto extends CeremonyAnswerDto {
  @ApiProperty({ type: RegistrationCredentialDto })
  @NestedObject(() => RegistrationCredentialDto)
  response: RegistrationCredentialDto;

  @ApiPropertyOptional({
    description: 'Trimmed, 1–64 characters; defaults to the browser and system that registered it.',
    example: 'Work laptop',
    maxLength: PASSKEY_NAME_MAX,
  })
  @IsOptional()
  @PasskeyName()
  name?: string;
}

/** A passkey's answer: to sign in, or (the same shape) to re-authenticate. */
export class PasskeyAssertionDto extends CeremonyAnswerDto {
  @ApiProperty({ type: AuthenticationCredentialDto })
  @NestedObject(() => AuthenticationCredentialDto)
  response: AuthenticationCredentialDto;
}

export class PasskeySignInDto extends PasskeyAssertionDto {
  @ApiPropertyOptional({ description: 'As for POST /auth/login.', default: false, example: true })
  @IsOptional()
  @IsBoolean()
  rememberMe?: boolean;

  @ApiPropertyOptional({
    enum: TOKEN_DELIVERIES,
    default: 'body',
    description: 'As for POST /auth/login.',
    example: 'body',
  })
  @IsOptional()
  @IsIn(TOKEN_DELIVERIES)
  tokenDelivery?: TokenDelivery;

  @DeviceTokenProperty()
  deviceToken?: string;
}

export class RenamePasskeyDto {
  @ApiProperty({
    description: 'Trimmed, 1–64 characters.',
    example: 'Work laptop',
    maxLength: PASSKEY_NAME_MAX,
  })
  @PasskeyName()
  name: string;
}

export class RegisteredPasskeyDto {
  @ApiProperty({ type: PasskeyDto })
  passkey: PasskeyDto;
}
