import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException } from './problem';

/** For `@Transform`: surrounding whitespace is no part of a text field; other values pass unchanged. */
export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** class-validator constraint names become stable UPPER_SNAKE codes: isEmail → IS_EMAIL. */
function constraintCode(constraint: string): string {
  if (constraint === 'whitelistValidation') return 'UNKNOWN_FIELD';
  return constraint.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export function flattenValidationErrors(errors: ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      code: constraintCode(constraint),
      message,
    }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

/** Whitelisting, unknown fields refused, payloads turned into DTO instances; failures as 400 with field errors. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}

/** The 400 VALIDATION_FAILED problem, for the pipe and for checks that run before it. */
export function validationFailed(errors: FieldError[]): ProblemException {
  return new ProblemException(
    HttpStatus.BAD_REQUEST,
    'VALIDATION_FAILED',
    'Some fields are missing or invalid.',
    errors,
  );
}
