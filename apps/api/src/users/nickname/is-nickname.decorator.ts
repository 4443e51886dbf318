import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { NICKNAME_PATTERN, normalizeNickname } from './nickname-generator';

/** Validation of a nickname a person types (sign-up, profile): trimmed, then checked against NICKNAME_PATTERN. */
export function IsNickname(): PropertyDecorator {
  return applyDecorators(
    // Only strings are trimmed; anything else reaches IsString unchanged and fails there.
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? normalizeNickname(value) : value,
    ),
    IsString(),
    Matches(NICKNAME_PATTERN, { message: 'Use 3–32 letters, digits, "-", "_" or "." for the nickname.' }),
  );
}
