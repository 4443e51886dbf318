import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * zxcvbn-ts and its word lists weigh several hundred kilobytes, so they load on the sign-up page only, the
 * first time someone types a password or asks for a suggestion.
 */
let estimator: Promise<{ zxcvbn: ZxcvbnFactory; diceware: readonly string[] }> | undefined;

function loadTools() {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) => ({
      zxcvbn: new core.ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs }),
      diceware: common.dictionary['diceware-common'],
    }),
  );
  return estimator;
}

/** zxcvbn's 0–4 guessability score; `userInputs` (email, nickname) count as known to an attacker. */
export async function passwordScore(password: string, userInputs: string[]): Promise<number> {
  const { zxcvbn } = await loadTools();
  return zxcvbn.check(password, userInputs).score;
}

export const PASSPHRASE_WORDS = 5;

/** Five words from the 7,776-word diceware list: about 64 bits, and easy to type and remember. */
export async function suggestPassphrase(random: Crypto = crypto): Promise<string> {
  const { diceware } = await loadTools();
  return pickWords(diceware, PASSPHRASE_WORDS, random).join(' ');
}

/** Uniformly random words (rejection sampling, so no word is likelier than another). */
export function pickWords(list: readonly string[], count: number, random: Crypto): string[] {
  const limit = Math.floor(0x1_0000_0000 / list.length) * list.length;
  const words: string[] = [];
  const sample = new Uint32Array(1);
  while (words.length < count) {
    random.getRandomValues(sample);
    if (sample[0] < limit) words.push(list[sample[0] % list.length]);
  }
  return words;
}
