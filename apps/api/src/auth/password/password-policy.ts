import { HttpStatus } from '@nestjs/common';
import { FieldError, ProblemException } from '../../common/problem/problem';
import { isCommonPassword } from './common-passwords';

/** bcrypt reads only the first 72 bytes; longer passwords are refused rather than silently cut short. */
export const PASSWORD_MAX_BYTES = 72;

export interface PasswordContext {
  minLength: number;
  email?: string;
  nickname?: string;
}

/**
 * Everything wrong with a new password (docs/architecture.md › Passwords, lockout and throttling), as field
 * errors; empty when it may be used.
 * Length rules, then the guessability rules; no composition rules (they push people to worse passwords).
 */
export function passwordProblems(
  password: string,
  context: PasswordContext,
  field = 'password',
): FieldError[] {
  const problem = (code: string, message: string): FieldError[] => [{ field, code, message }];
  const codePoints = [...password].length;
  if (password.includes('\0')) {
    return problem('PASSWORD_INVALID_CHARACTER', 'The password must not contain the NUL character.');
  }
  if (codePoints < context.minLength) {
    return problem(
      'PASSWORD_TOO_SHORT',
      `Use at least ${context.minLength} characters; a few unrelated words work well.`,
    );
  }
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
    return problem(
      'PASSWORD_TOO_LONG',
      `The password is longer than ${PASSWORD_MAX_BYTES} bytes (letters outside English take 2–4 bytes each); ` +
        'only the first 72 bytes could be used, so please choose a shorter one.',
    );
  }
  if (isCommonPassword(password)) {
    return problem(
      'PASSWORD_TOO_COMMON',
      'This password appears in lists of common passwords; choose another.',
    );
  }
  if (containsPersonalInfo(password, context)) {
    return problem(
      'PASSWORD_CONTAINS_PERSONAL_INFO',
      'The password must not contain your email address or nickname.',
    );
  }
  return [];
}

/** Parts of the identity that are at least 4 characters long: shorter ones would refuse innocent passwords. */
function personalParts({ email, nickname }: PasswordContext): string[] {
  const localPart = email?.split('@')[0];
  return [email, localPart, nickname]
    .filter((part): part is string => part !== undefined && part.trim().length >= 4)
    .map((part) => part.trim().toLowerCase());
}

function containsPersonalInfo(password: string, context: PasswordContext): boolean {
  const folded = password.toLowerCase();
  return personalParts(context).some((part) => folded.includes(part));
}

/** Throws 400 VALIDATION_FAILED, naming `field`, when the new password breaks a rule. */
export function assertAcceptablePassword(
  password: string,
  context: PasswordContext,
  field = 'password',
): void {
  const problems = passwordProblems(password, context, field);
  if (problems.length > 0) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'VALIDATION_FAILED',
      'The password cannot be used.',
      problems,
    );
  }
}
