import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
} from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { SignedInDto } from '../../dto/auth-responses.dto';
import { DeviceTokenProperty } from '../../dto/login.dto';
import { ExactlyOneOf } from '../../dto/exactly-one-of.decorator';
import { RECOVERY_CODE_COUNT } from '../recovery-codes';

/** Six digits, as authenticator apps show them. */
export const TOTP_CODE_PATTERN = /^[0-9]{6}$/;
export const TOTP_CODE_MESSAGE = 'The code is the 6 digits the authenticator app shows.';
/** The second-step methods a sign-in offers (POST /auth/mfa/verify). */
export const MFA_METHODS = ['totp', 'recovery_code'] as const;
export type MfaMethod = (typeof MFA_METHODS)[number];

/** POST /users/me/mfa/totp: what the authenticator app needs, shown once. */
export class TotpEnrolmentDto {
  @ApiProperty({
    description: 'The secret in base32, for typing into an app that cannot scan. Never shown again.',
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  })
  secret: string;

  @ApiProperty({
    description: 'The same secret as an otpauth URI (SHA-1, 6 digits, 30 s), to draw as a QR code.',
    example:
      'otpauth://totp/Latchkey:ada%40example.com?issuer=Latchkey&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' +
      '&algorithm=SHA1&digits=6&period=30',
  })
  otpauthUri: string;
}

/** POST /users/me/mfa/totp/confirm. */
export class ConfirmTotpDto {
  @ApiProperty({
    description: 'The app’s current code.',
    pattern: TOTP_CODE_PATTERN.source,
    example: '492039',
  })
  @Matches(TOTP_CODE_PATTERN, { message: TOTP_CODE_MESSAGE })
  @IsString()
  code: string;
}

/** New recovery codes, shown this once: only their hashes are kept. */
export class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    minItems: RECOVERY_CODE_COUNT,
    maxItems: RECOVERY_CODE_COUNT,
    description: `${RECOVERY_CODE_COUNT} codes, each good for one sign-in when the app is not at hand.`,
    example: ['7kq2-m9xd-3fpa-tz0c', 'h4n8-2wbe-q6ry-v1sm'],
  })
  recoveryCodes: string[];
}

/** The answer of a password or magic-link sign-in to an account with two-step verification. */
export class MfaRequiredDto {
  @ApiProperty({ enum: [true], example: true })
  mfaRequired: true;

  @ApiProperty({
    description:
      'Send it to POST /auth/mfa/verify with a code. Works for `expiresIn` seconds and 5 wrong codes.',
    example: 'Q2hhbmdlIG1lOiB0aGlzIGlzIGFuIGV4YW1wbGUgdG9rZW4',
  })
  mfaToken: string;

  @ApiProperty({ example: 300 })
  expiresIn: number;

  @ApiProperty({ enum: MFA_METHODS, isArray: true, example: MFA_METHODS })
  methods: MfaMethod[];
}

/**
 * The 200 of a first sign-in step (password, magic link): a session, or for an account with two-step
 * verification `mfaRequired` (tell them apart by that field).
 */
export const SignedInOrMfaRequired = () =>
  applyDecorators(
    ApiExtraModels(SignedInDto, MfaRequiredDto),
    ApiOkResponse({
      description: 'Signed in; or, for an account with two-step verification, `mfaRequired` and no tokens.',
      schema: { oneOf: [{ $ref: getSchemaPath(SignedInDto) }, { $ref: getSchemaPath(MfaRequiredDto) }] },
    }),
  );

/** POST /auth/mfa/verify: the step's token and one code. */
export class VerifyMfaDto {
  @ApiProperty({
    description: 'From the sign-in’s `mfaRequired` answer.',
    example: 'Q2hhbmdlIG1lOiB0aGlzIGlzIGFuIGV4YW1wbGUgdG9rZW4',
  })
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  mfaToken: string;

  @ApiPropertyOptional({
    description: 'The authenticator app’s current code. Leave out when sending `recoveryCode`.',
    pattern: TOTP_CODE_PATTERN.source,
    example: '492039',
  })
  // Checked when present, and when nothing else is: then it is the field that is missing.
  @ValidateIf((body: VerifyMfaDto) => body.code !== undefined || body.recoveryCode === undefined)
  @Matches(TOTP_CODE_PATTERN, { message: TOTP_CODE_MESSAGE })
  @IsString()
  @ExactlyOneOf<VerifyMfaDto>(
    'codeOrRecoveryCode',
    [(body) => body.code !== undefined, (body) => body.recoveryCode !== undefined],
    'Send either the app’s code or a recovery code.',
  )
  code?: string;

  @ApiPropertyOptional({
    description: 'One of the account’s unused recovery codes; case, spaces and dashes do not matter.',
    example: '7kq2-m9xd-3fpa-tz0c',
  })
  @ValidateIf((body: VerifyMfaDto) => body.recoveryCode !== undefined)
  @MaxLength(64)
  @IsNotEmpty()
  @IsString()
  recoveryCode?: string;

  @DeviceTokenProperty()
  deviceToken?: string;
}
