import { ValidateBy } from 'class-validator';

/**
 * An "either this or that, not both" rule between fields of a body, put on the field a client most likely
 * left out. `name` becomes the field error's code (tokenOrCode → TOKEN_OR_CODE).
 */
export function ExactlyOneOf<T>(
  name: string,
  [isFirst, isSecond]: [(body: T) => boolean, (body: T) => boolean],
  message: string,
): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (_value, args) => isFirst(args!.object as T) !== isSecond(args!.object as T),
      defaultMessage: () => message,
    },
  });
}
