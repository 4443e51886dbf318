import { generateNickname, NICKNAME_PATTERN, normalizeNickname, secureRandom } from './nickname-generator';
import { ADJECTIVES, ANIMALS } from './words';
import { seededRandom } from '../avatar/avatar-palette';

const GENERATED_FORMAT = /^([a-z]+)-([a-z]+)-(\d{3})$/;

describe('word lists', () => {
  it.each([
    ['adjectives', ADJECTIVES],
    ['animals', ANIMALS],
  ])('%s: at least 120 distinct lower-case words', (_name, words) => {
    expect(words.length).toBeGreaterThanOrEqual(120);
    expect(new Set(words).size).toBe(words.length);
    for (const word of words) expect(word).toMatch(/^[a-z]{2,11}$/);
  });
});

describe('generateNickname', () => {
  const seeded = seededRandom(42);
  const draws = Array.from({ length: 20_000 }, () => generateNickname(seeded));

  it('always produces adjective-animal-NNN from our lists, 3–32 chars of [a-z0-9-]', () => {
    const adjectives = new Set(ADJECTIVES);
    const animals = new Set(ANIMALS);
    const malformed = draws.filter((nickname) => {
      const match = GENERATED_FORMAT.exec(nickname);
      const fromLists = match !== null && adjectives.has(match[1]) && animals.has(match[2]);
      return !fromLists || !/^[a-z0-9-]{3,32}$/.test(nickname) || !NICKNAME_PATTERN.test(nickname);
    });
    expect(malformed).toEqual([]);
  });

  it('spreads over the lists: 20,000 draws are nearly all distinct and use almost every word', () => {
    const parts = draws.map((nickname) => GENERATED_FORMAT.exec(nickname)!);
    expect(new Set(draws).size).toBeGreaterThan(19_900);
    expect(new Set(parts.map((p) => p[1])).size).toBe(ADJECTIVES.length);
    expect(new Set(parts.map((p) => p[2])).size).toBe(ANIMALS.length);
    expect(new Set(parts.map((p) => p[3])).size).toBeGreaterThan(990);
  });

  it('is repeatable with the same seed and differs with another', () => {
    const again = seededRandom(7);
    const first = [generateNickname(again), generateNickname(again)];
    const replay = seededRandom(7);
    expect([generateNickname(replay), generateNickname(replay)]).toEqual(first);
    expect(generateNickname(seededRandom(8))).not.toBe(first[0]);
  });

  it('handles the edges of the random range, including an out-of-contract 1', () => {
    expect(generateNickname(() => 0)).toBe(`${ADJECTIVES[0]}-${ANIMALS[0]}-000`);
    expect(generateNickname(() => 0.999999)).toBe(`${ADJECTIVES.at(-1)}-${ANIMALS.at(-1)}-999`);
    expect(generateNickname(() => 1)).toBe(`${ADJECTIVES.at(-1)}-${ANIMALS.at(-1)}-999`);
  });

  it('uses secure randomness by default', () => {
    const nicknames = new Set(Array.from({ length: 50 }, () => generateNickname()));
    expect(nicknames.size).toBeGreaterThan(45);
    for (let i = 0; i < 1000; i++) {
      const value = secureRandom();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});

describe('user-chosen nicknames', () => {
  it('normalizes by trimming only', () => {
    expect(normalizeNickname('  Otter.Fan_99 \t\n')).toBe('Otter.Fan_99');
    expect(normalizeNickname('MiXeD')).toBe('MiXeD');
  });

  it.each(['abc', 'Otter.Fan_99', 'a-b', 'x'.repeat(32), 'brave-otter-417'])('accepts %p', (nickname) => {
    expect(nickname).toMatch(NICKNAME_PATTERN);
  });

  it.each(['ab', 'x'.repeat(33), 'has space', 'émile', 'a/b', '<script>', 'otter😀', ''])(
    'rejects %p',
    (nickname) => {
      expect(nickname).not.toMatch(NICKNAME_PATTERN);
    },
  );
});
