import { describe, expect, it } from 'vitest';
import { passwordScore, pickWords, suggestPassphrase } from './password-tools';

/** A Crypto whose getRandomValues hands out the given numbers in turn. */
function scriptedRandom(values: number[]): Crypto {
  return {
    getRandomValues: <T extends ArrayBufferView | null>(array: T) => {
      (array as unknown as Uint32Array)[0] = values.shift()!;
      return array;
    },
  } as Crypto;
}

describe('pickWords', () => {
  it('maps random numbers onto the list', () => {
    expect(pickWords(['a', 'b', 'c'], 3, scriptedRandom([0, 4, 2]))).toEqual(['a', 'b', 'c']);
  });

  it('rejects numbers from the uneven top of the range, so every word is equally likely', () => {
    // 2^32 is 1 more than a multiple of 3: 0xFFFFFFFF would favour the first word, so it is drawn again.
    expect(pickWords(['a', 'b', 'c'], 1, scriptedRandom([0xffff_ffff, 1]))).toEqual(['b']);
  });
});

describe('suggestPassphrase and passwordScore', () => {
  it('suggests five different-looking diceware words each time', async () => {
    const first = await suggestPassphrase();
    const second = await suggestPassphrase();
    expect(first.split(' ')).toHaveLength(5);
    expect(first).toMatch(/^[a-z]+( [a-z]+){4}$/);
    expect(first).not.toBe(second);
  });

  it('rates a suggested passphrase strong and a common password weak', async () => {
    expect(await passwordScore(await suggestPassphrase(), [])).toBeGreaterThanOrEqual(3);
    expect(await passwordScore('password123', [])).toBeLessThanOrEqual(1);
  });

  it('counts the email address against the password', async () => {
    const password = 'ada.lovelace1815';
    const unrelated = await passwordScore(password, []);
    expect(await passwordScore(password, ['ada.lovelace1815@example.com', 'ada.lovelace1815'])).toBeLessThan(
      unrelated,
    );
  });
});
