import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsString, MinLength, ValidateNested } from 'class-validator';
import { ProblemException } from './problem';
import { createValidationPipe } from './validation';

class Address {
  @IsString()
  city: string;
}

class SignupLike {
  @IsEmail()
  email: string;

  @MinLength(3)
  name: string;

  @ValidateNested()
  @Type(() => Address)
  address: Address;
}

const metadata: ArgumentMetadata = { type: 'body', metatype: SignupLike };

async function validationErrorOf(body: unknown): Promise<ProblemException> {
  try {
    await createValidationPipe().transform(body, metadata);
  } catch (error) {
    return error as ProblemException;
  }
  throw new Error('expected validation to fail');
}

describe('createValidationPipe', () => {
  it('answers 400 VALIDATION_FAILED with one stable code per failing field, nested paths dotted', async () => {
    const error = await validationErrorOf({ email: 'nope', name: 'x', address: { city: 7 } });
    expect(error.getStatus()).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([
      { field: 'email', code: 'IS_EMAIL', message: expect.any(String) },
      { field: 'name', code: 'MIN_LENGTH', message: expect.any(String) },
      { field: 'address.city', code: 'IS_STRING', message: expect.any(String) },
    ]);
  });

  it('refuses fields the DTO does not declare', async () => {
    const error = await validationErrorOf({
      email: 'a@b.co',
      name: 'abc',
      address: { city: 'Oslo' },
      role: 'admin',
    });
    expect(error.errors).toEqual([{ field: 'role', code: 'UNKNOWN_FIELD', message: expect.any(String) }]);
  });

  it('passes a valid body through as a DTO instance', async () => {
    const value = await createValidationPipe().transform(
      { email: 'a@b.co', name: 'abc', address: { city: 'Oslo' } },
      metadata,
    );
    expect(value).toBeInstanceOf(SignupLike);
  });
});
