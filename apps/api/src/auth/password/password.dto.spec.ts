import { ProblemException } from '../../common/problem/problem';
import { createValidationPipe } from '../../common/problem/validation';
import { ResetPasswordDto } from './password.dto';

const NEW_PASSWORD = 'velvet kayak orbiting the pier';

/** The field errors the global validation pipe answers for a reset body; [] when it passes. */
async function resetErrors(body: object): Promise<{ field: string; code: string }[]> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: ResetPasswordDto });
    return [];
  } catch (error) {
    return ((error as ProblemException).errors ?? []).map(({ field, code }) => ({ field, code }));
  }
}

describe('ResetPasswordDto', () => {
  it('accepts a token, or an email address with a 6-digit code', async () => {
    expect(await resetErrors({ token: 'abc', newPassword: NEW_PASSWORD })).toEqual([]);
    expect(
      await resetErrors({ email: 'Ada@Example.com ', code: '042917', newPassword: NEW_PASSWORD }),
    ).toEqual([]);
  });

  it('refuses both ways at once, and neither, naming the token field', async () => {
    const both = { token: 'abc', email: 'ada@example.com', code: '042917', newPassword: NEW_PASSWORD };
    expect(await resetErrors(both)).toEqual([{ field: 'token', code: 'TOKEN_OR_CODE' }]);
    expect(await resetErrors({ newPassword: NEW_PASSWORD })).toEqual([
      { field: 'token', code: 'TOKEN_OR_CODE' },
    ]);
  });

  it('asks for the half of email and code that is missing', async () => {
    expect(await resetErrors({ email: 'ada@example.com', newPassword: NEW_PASSWORD })).toEqual([
      { field: 'code', code: 'IS_STRING' },
    ]);
    expect(await resetErrors({ code: '042917', newPassword: NEW_PASSWORD })).toEqual([
      { field: 'email', code: 'IS_STRING' },
    ]);
  });

  it.each(['42917', '0429170', '04291a', ' 042917', 42917])('refuses the code %p', async (code) => {
    expect(await resetErrors({ email: 'ada@example.com', code, newPassword: NEW_PASSWORD })).toEqual([
      { field: 'code', code: expect.stringMatching(/^(MATCHES|IS_STRING)$/) },
    ]);
  });

  it('requires the new password as a string', async () => {
    expect(await resetErrors({ token: 'abc' })).toEqual([{ field: 'newPassword', code: 'IS_STRING' }]);
    expect(await resetErrors({ token: 'abc', newPassword: 7 })).toEqual([
      { field: 'newPassword', code: 'IS_STRING' },
    ]);
  });
});
