import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, MaxLength } from 'class-validator';
import { canonicalEmail } from '../../users/user.entity';

/** The longest address SMTP can deliver to (RFC 5321 path limit less the angle brackets). */
export const EMAIL_MAX_LENGTH = 254;

/** Only strings are normalised; anything else reaches the validators unchanged and fails there. */
export const toCanonicalEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? canonicalEmail(value) : value;

/** An address an account may be given (sign-up, email change): canonical form, valid, deliverable length. */
export function IsAccountEmail(): PropertyDecorator {
  return applyDecorators(
    Transform(toCanonicalEmail),
    IsEmail({}, { message: 'Enter a valid email address.' }),
    MaxLength(EMAIL_MAX_LENGTH),
  );
}
