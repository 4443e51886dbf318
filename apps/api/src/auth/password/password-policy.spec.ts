import { PASSWORD_MAX_BYTES, PasswordContext, passwordProblems } from './password-policy';

const rules: PasswordContext = { minLength: 15 };
const codesFor = (password: string, context = rules) =>
  passwordProblems(password, context).map((error) => error.code);

describe('passwordProblems', () => {
  it('accepts a long passphrase with no composition rules', () => {
    expect(passwordProblems('correct horse battery staple', rules)).toEqual([]);
    expect(passwordProblems('lowercase only but long enough', rules)).toEqual([]);
  });

  it('counts length in code points, so emoji and CJK count as one character each', () => {
    expect(codesFor('🦊'.repeat(14))).toEqual(['PASSWORD_TOO_SHORT']);
    expect(codesFor('🦊🐙🦉🐢🦔🐝🦋🐞🦀🐬🦦🐧🦜🦩🐿')).toEqual([]); // 15 code points, 60 bytes
    expect(codesFor('猫が好きな静かな朝のコーヒー')).toEqual(['PASSWORD_TOO_SHORT']); // 14 code points
  });

  it('refuses more than 72 UTF-8 bytes with a clear reason instead of truncating', () => {
    const nineteenEmoji = '🦊🐙🦉🐢🦔🐝🦋🐞🦀🐬🦦🐧🦜🦩🐿🦭🦈🐳🦓'; // 76 bytes
    const [error] = passwordProblems(nineteenEmoji, rules);
    expect(error).toMatchObject({ field: 'password', code: 'PASSWORD_TOO_LONG' });
    expect(error.message).toMatch(/72 bytes/);
    expect(codesFor('a quiet walk by the river '.repeat(3).slice(0, PASSWORD_MAX_BYTES))).toEqual([]);
    expect(codesFor('a quiet walk by the river '.repeat(3).slice(0, PASSWORD_MAX_BYTES + 1))).toEqual([
      'PASSWORD_TOO_LONG',
    ]);
  });

  it('refuses the NUL character', () => {
    expect(codesFor('correct horse\0battery staple')).toEqual(['PASSWORD_INVALID_CHARACTER']);
  });

  it('refuses common passwords and their trivial variants', () => {
    const shortRules = { minLength: 8 };
    expect(codesFor('password', shortRules)).toEqual(['PASSWORD_TOO_COMMON']);
    expect(codesFor('Password123!', shortRules)).toEqual(['PASSWORD_TOO_COMMON']);
    expect(codesFor('!!Dragon2024', shortRules)).toEqual(['PASSWORD_TOO_COMMON']);
    expect(codesFor('1qaz2wsx3edc4rfv')).toEqual(['PASSWORD_TOO_COMMON']);
    expect(codesFor('passwordpassword')).toEqual(['PASSWORD_TOO_COMMON']);
    expect(codesFor('aaaaaaaaaaaaaaaa')).toEqual(['PASSWORD_TOO_COMMON']);
    expect(codesFor('velvet kayak orbit', shortRules)).toEqual([]);
  });

  it('refuses passwords that contain the email, its local part or the nickname', () => {
    const context = { minLength: 15, email: 'Marta.Lind@example.com', nickname: 'brave-otter-417' };
    expect(codesFor('my marta.lind@example.com pass', context)).toEqual(['PASSWORD_CONTAINS_PERSONAL_INFO']);
    expect(codesFor('hello MARTA.LIND forever', context)).toEqual(['PASSWORD_CONTAINS_PERSONAL_INFO']);
    expect(codesFor('I am brave-otter-417 today', context)).toEqual(['PASSWORD_CONTAINS_PERSONAL_INFO']);
    expect(codesFor('a quiet walk by the river', { ...context, email: 'al@example.com' })).toEqual([]);
  });

  it('names the field it was asked to', () => {
    expect(passwordProblems('short', rules, 'newPassword')[0].field).toBe('newPassword');
  });
});
