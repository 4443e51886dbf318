import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, LOCALES, messages } from './index';

const SRC = dirname(import.meta.dirname);

/** Every message as "area.path.to.key" → text. */
function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const entry of flatten(value, path)) entries.set(...entry);
  }
  return entries;
}

/** The named placeholders of a message ({count}, {email}), which every language must keep. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\s*(\w+)\s*\}/g)].map((match) => match[1]!))].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(vue|ts)$/.test(name) && !/\.spec\.ts$/.test(name) ? [path] : [];
  });
}

const flat = Object.fromEntries(LOCALES.map((locale) => [locale, flatten(messages[locale])]));

describe('message catalogues', () => {
  it.each(LOCALES.filter((locale) => locale !== DEFAULT_LOCALE))(
    'has every key of the English catalogue in "%s", and no other',
    (locale) => {
      const english = [...flat[DEFAULT_LOCALE]!.keys()];
      const other = [...flat[locale]!.keys()];
      expect({ missing: english.filter((key) => !flat[locale]!.has(key)) }).toEqual({ missing: [] });
      expect({ extra: other.filter((key) => !flat[DEFAULT_LOCALE]!.has(key)) }).toEqual({ extra: [] });
    },
  );

  it('keeps the placeholders of each message in every language, and leaves no message empty', () => {
    const mismatches: string[] = [];
    for (const [key, english] of flat[DEFAULT_LOCALE]!) {
      for (const locale of LOCALES) {
        const text = flat[locale]!.get(key);
        if (text === undefined) continue;
        if (!text.trim()) mismatches.push(`${locale}: ${key} is empty`);
        if (placeholders(text).join() !== placeholders(english).join()) mismatches.push(`${locale}: ${key}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('has every key the code asks for with a literal t(…)', () => {
    // t('…') in scripts and templates, and the title keys of the routes.
    const call = /(?:(?<![\w.])(?:\$?t|i18n\.global\.t)\(\s*|\btitle: (?=['"]titles\.))(['"])([\w.-]+)\1/g;
    const unknown: string[] = [];
    for (const file of sourceFiles(SRC)) {
      for (const match of readFileSync(file, 'utf8').matchAll(call)) {
        const key = match[2]!;
        if (!flat[DEFAULT_LOCALE]!.has(key)) unknown.push(`${relative(SRC, file)}: ${key}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});
