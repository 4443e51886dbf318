import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { MaxLength, ValidateBy } from 'class-validator';
import { canonicalEmail } from '../../users/user.entity';

/** The longest address SMTP can deliver to (RFC 5321 path limit less the angle brackets). */
export const EMAIL_MAX_LENGTH = 254;
/** The longest local part (before the @) RFC 5321 lets a server accept. */
const EMAIL_LOCAL_PART_MAX_LENGTH = 64;

const ACCOUNT_EMAIL_DESCRIPTION =
  "A plain (dot-atom) ASCII address: letters, digits and !#$%&'*+/=?^_`{|}~- in dot-separated runs before " +
  'the @ (at most 64), a host name with a top-level domain after it; no quotes, spaces, comments or IP ' +
  'literals. Internationalised domains in their xn-- form. Compared and stored in lower case.';

const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const TOP_LEVEL_DOMAIN = '(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})';
const DOT_ATOM_ADDRESS = new RegExp(`^${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+${TOP_LEVEL_DOMAIN}$`, 'i');

/**
 * RFC 5322's dot-atom form only, in ASCII (docs/architecture.md, Errors and bad input). Quoted local
 * parts are refused because they may carry spaces, CR/LF or markup into mail headers and pages; comments
 * and IP literals because no person needs them for an account. Non-ASCII addresses (RFC 6531) need
 * SMTPUTF8 on every hop and have no agreed case folding, so two spellings could be two accounts: a
 * domain is given in its xn-- form, as browsers' email fields send it.
 */
export function isDotAtomAddress(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > EMAIL_MAX_LENGTH) return false;
  const localPart = value.slice(0, value.lastIndexOf('@'));
  return localPart.length <= EMAIL_LOCAL_PART_MAX_LENGTH && DOT_ATOM_ADDRESS.test(value);
}

/** Only strings are normalised; anything else reaches the validators unchanged and fails there. */
export const toCanonicalEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? canonicalEmail(value) : value;

/**
 * An address mail is sent to on the caller's say-so (sign-up, email change, forgotten password):
 * canonical form, dot-atom, deliverable length, documented as such. The constraint keeps the name
 * isEmail, so clients keep seeing the field error code IS_EMAIL.
 */
export function IsAccountEmail({
  purpose,
  example = 'ada@example.com',
}: { purpose?: string; example?: string } = {}): PropertyDecorator {
  const description = purpose ? `${purpose} ${ACCOUNT_EMAIL_DESCRIPTION}` : ACCOUNT_EMAIL_DESCRIPTION;
  return applyDecorators(
    ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH, description, example }),
    Transform(toCanonicalEmail),
    ValidateBy(
      { name: 'isEmail', validator: { validate: isDotAtomAddress } },
      {
        message:
          'Enter a valid email address, such as ada@example.com. Quotes, spaces, comments and accented ' +
          'letters are not accepted, nor more than 64 characters before the @.',
      },
    ),
    MaxLength(EMAIL_MAX_LENGTH),
  );
}
