import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/**
 * The JSON of a WebAuthn credential as browsers (PublicKeyCredential.toJSON, @simplewebauthn/browser) send
 * it. Every field is bounded, so a hostile payload is refused as 400 before any parsing of its bytes.
 */
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const base64url = { message: 'Must be base64url (A-Z, a-z, 0-9, "-" and "_", no padding).' };
/** Credential ids are at most 1023 bytes (WebAuthn L3 §5.1), 1364 characters in base64url. */
const MAX_CREDENTIAL_ID = 1400;
const MAX_CLIENT_DATA = 8 * 1024;
const MAX_AUTHENTICATOR_DATA = 8 * 1024;
const MAX_ATTESTATION_OBJECT = 32 * 1024;
const MAX_SIGNATURE = 1024;
const MAX_PUBLIC_KEY = 4 * 1024;
/** userHandle is at most 64 bytes. */
const MAX_USER_HANDLE = 88;
/** A required (or, with `optional`, optional) base64url text of at most `max` characters. */
const Base64Url = (max: number, optional = false) =>
  applyDecorators(
    ...(optional ? [IsOptional()] : []),
    IsString(),
    MaxLength(max),
    Matches(BASE64URL, base64url),
  );

/** A nested object checked field by field as `type` (arrays and other values are refused). */
export const NestedObject = (type: () => new () => object) =>
  applyDecorators(IsObject(), ValidateNested(), Type(type));

const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;
const ATTACHMENTS = ['platform', 'cross-platform'] as const;

/** Fields every credential shares. */
abstract class CredentialJsonDto {
  @ApiProperty({ description: 'The credential id, base64url.', example: 'Q0JrT1F0cjZ4d2VvTmdGcA' })
  @Base64Url(MAX_CREDENTIAL_ID)
  id: string;

  @ApiProperty({ description: 'The same id as `id`.', example: 'Q0JrT1F0cjZ4d2VvTmdGcA' })
  @Base64Url(MAX_CREDENTIAL_ID)
  rawId: string;

  @ApiProperty({ enum: ['public-key'], example: 'public-key' })
  @IsIn(['public-key'])
  type: 'public-key';

  @ApiPropertyOptional({ enum: ATTACHMENTS, example: 'platform' })
  @IsOptional()
  @IsIn(ATTACHMENTS)
  authenticatorAttachment?: (typeof ATTACHMENTS)[number];

  @ApiProperty({ type: 'object', additionalProperties: true, example: {} })
  @IsObject()
  clientExtensionResults: Record<string, unknown>;
}

/** What both ceremonies' answers carry: the browser's record of what was asked, and by which page. */
abstract class AuthenticatorResponseJsonDto {
  @ApiProperty({
    description: 'base64url',
    example: 'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoiLi4uIn0',
  })
  @Base64Url(MAX_CLIENT_DATA)
  clientDataJSON: string;
}

class AttestationJsonDto extends AuthenticatorResponseJsonDto {
  @ApiProperty({ description: 'base64url', example: 'o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVjE' })
  @Base64Url(MAX_ATTESTATION_OBJECT)
  attestationObject: string;

  @ApiPropertyOptional({
    description: 'base64url',
    example: 'SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2NdAAAAAA',
  })
  @Base64Url(MAX_AUTHENTICATOR_DATA, true)
  authenticatorData?: string;

  @ApiPropertyOptional({ enum: TRANSPORTS, isArray: true, example: ['internal', 'hybrid'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TRANSPORTS.length)
  @IsIn(TRANSPORTS, { each: true })
  transports?: (typeof TRANSPORTS)[number][];

  @ApiPropertyOptional({ description: 'COSE algorithm identifier.', example: -7 })
  @IsOptional()
  @IsInt()
  publicKeyAlgorithm?: number;

  @ApiPropertyOptional({
    description: 'SubjectPublicKeyInfo, base64url.',
    example: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE',
  })
  @Base64Url(MAX_PUBLIC_KEY, true)
  publicKey?: string;
}

class AssertionJsonDto extends AuthenticatorResponseJsonDto {
  @ApiProperty({ description: 'base64url', example: 'SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MdAAAAAQ' })
  @Base64Url(MAX_AUTHENTICATOR_DATA)
  authenticatorData: string;

  @ApiProperty({
    description: 'base64url',
    example: 'MEUCIQDm2xB7h6P0d9w1x5nT3vY8kLq0rJzS1aBcDeFgHiJkLQIgYmNo',
  })
  @Base64Url(MAX_SIGNATURE)
  signature: string;

  @ApiPropertyOptional({
    description: 'The user handle the passkey was registered with, base64url.',
    example: 'q3Zt1m0lX2a9YkB4cD5eFg',
  })
  @Base64Url(MAX_USER_HANDLE, true)
  userHandle?: string;

  @ApiPropertyOptional({
    description: 'base64url; ignored (attestation is not asked for).',
    example: 'o2NmbXRkbm9uZWdhdHRTdG10oA',
  })
  @Base64Url(MAX_ATTESTATION_OBJECT, true)
  attestationObject?: string;
}

/** What navigator.credentials.create() produced, as JSON. */
export class RegistrationCredentialDto extends CredentialJsonDto {
  @ApiProperty({ type: AttestationJsonDto })
  @NestedObject(() => AttestationJsonDto)
  response: AttestationJsonDto;
}

/** What navigator.credentials.get() produced, as JSON. */
export class AuthenticationCredentialDto extends CredentialJsonDto {
  @ApiProperty({ type: AssertionJsonDto })
  @NestedObject(() => AssertionJsonDto)
  response: AssertionJsonDto;
}
