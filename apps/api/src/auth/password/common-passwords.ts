import { dictionary } from '@zxcvbn-ts/language-common';

let commonPasswords: ReadonlySet<string> | undefined;

/** zxcvbn-ts's list of ~49,000 passwords seen most often in breaches, loaded on first use. */
function commonPasswordSet(): ReadonlySet<string> {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((password) => password.toLowerCase()));
  return commonPasswords;
}

/**
 * The forms an attacker's list would try for this password: as typed (case-folded), with the digits and
 * symbols people tack on at either end removed, and the unit of a repetition ("passwordpassword").
 */
function guessableForms(password: string): string[] {
  const folded = password.toLowerCase();
  const trimmed = folded.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  const repeated = /^(.+?)\1+$/.exec(folded)?.[1];
  return [folded, trimmed, repeated].filter((form): form is string => Boolean(form));
}

export function isCommonPassword(password: string): boolean {
  const common = commonPasswordSet();
  return guessableForms(password).some((form) => form.length === 1 || common.has(form));
}
