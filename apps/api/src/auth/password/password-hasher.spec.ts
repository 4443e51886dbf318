import { compare } from 'bcrypt';
import { testConfig } from '../../testing/test-config';
import { PasswordHasher } from './password-hasher';

// The real bcrypt, observed: verify must spend a comparison even when there is no hash to compare with.
jest.mock('bcrypt', () => {
  const bcrypt = jest.requireActual<typeof import('bcrypt')>('bcrypt');
  return { ...bcrypt, compare: jest.fn(bcrypt.compare) };
});

const PASSWORD = 'lantern quietly orbiting plums';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(testConfig({ BCRYPT_COST: '4' }));

  beforeAll(() => hasher.onModuleInit());

  beforeEach(() => jest.mocked(compare).mockClear());

  it('hashes with the configured cost and recognises the same password only', async () => {
    const hash = await hasher.hash(PASSWORD);
    expect(hash).toMatch(/^\$2b\$04\$/);
    expect(await hasher.verify(PASSWORD, hash)).toBe(true);
    expect(await hasher.verify('lantern quietly orbiting plum', hash)).toBe(false);
    expect(await hasher.verify('Lantern quietly orbiting plums', hash)).toBe(false);
  });

  it('refuses every password for an account without one, after a comparison against a dummy hash', async () => {
    expect(await hasher.verify(PASSWORD, null)).toBe(false);
    expect(await hasher.verify('', null)).toBe(false);

    // Timing then does not tell a missing account or password from a wrong one.
    expect(compare).toHaveBeenCalledTimes(2);
    expect(jest.mocked(compare).mock.calls[0][1]).toMatch(/^\$2b\$04\$.{53}$/);
  });

  it('refuses a password longer than 72 bytes even though bcrypt matches its first 72', async () => {
    const seventyTwoBytes = 'ü'.repeat(36);
    const hash = await hasher.hash(seventyTwoBytes);
    const longer = `${seventyTwoBytes}ü`;

    expect(await compare(longer, hash)).toBe(true); // bcrypt alone would let it in
    expect(await hasher.verify(seventyTwoBytes, hash)).toBe(true);
    expect(await hasher.verify(longer, hash)).toBe(false);
  });
});
