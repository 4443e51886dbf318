import { randomInt } from 'node:crypto';
import { ADJECTIVES, ANIMALS } from './words';

/** Rules for a nickname a user picks: 3–32 letters, digits, '-', '_' or '.', checked after trimming. */
export const NICKNAME_PATTERN = /^[A-Za-z0-9._-]{3,32}$/;

/** The number suffix runs 000–999, so each word pair gives a thousand nicknames before the caller retries. */
const NUMBER_SUFFIX_COUNT = 1000;

/** 2^47 keeps within randomInt's limit (range below 2^48) while giving far finer steps than any list needs. */
const RANDOM_RESOLUTION = 2 ** 47;

/** A uniform number in [0, 1) from the CSPRNG, so generated nicknames cannot be predicted from earlier ones. */
export function secureRandom(): number {
  return randomInt(RANDOM_RESOLUTION) / RANDOM_RESOLUTION;
}

/**
 * A fresh "adjective-animal-NNN" nickname such as "brave-otter-417". `random` must return numbers in
 * [0, 1); tests pass a seeded one. Uniqueness is the caller's job: it checks the database and retries.
 */
export function generateNickname(random: () => number = secureRandom): string {
  const adjective = pick(ADJECTIVES, random);
  const animal = pick(ANIMALS, random);
  const number = String(randomIndex(NUMBER_SUFFIX_COUNT, random)).padStart(3, '0');
  return `${adjective}-${animal}-${number}`;
}

/** The stored form of a nickname the user typed; validate the result against NICKNAME_PATTERN. */
export function normalizeNickname(input: string): string {
  return input.trim();
}

function pick(words: readonly string[], random: () => number): string {
  return words[randomIndex(words.length, random)];
}

/** Clamped so a generator that returns exactly 1 (outside its contract) still yields a valid index. */
function randomIndex(count: number, random: () => number): number {
  return Math.min(Math.floor(random() * count), count - 1);
}
