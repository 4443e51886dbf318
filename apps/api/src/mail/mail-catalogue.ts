import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LOCALE, isLocale, Locale, LOCALES } from '../common/locale/locale';

/** Every message of one language by dotted key (`confirmEmail.subject`). */
export type Catalogue = ReadonlyMap<string, string>;

/** `{name}` in a message: a value from the template's data or the helper's arguments. */
export const PLACEHOLDER = /\{(\w+)\}/g;

/** The catalogues in locales/<locale>.json, one per language, flattened to dotted keys. */
export function loadCatalogues(dir = join(__dirname, 'locales')): Record<Locale, Catalogue> {
  const load = (locale: Locale): Catalogue =>
    new Map(flatten(JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as unknown, ''));
  const catalogues = {} as Record<Locale, Catalogue>;
  for (const locale of LOCALES) catalogues[locale] = load(locale);
  return catalogues;
}

function flatten(node: unknown, prefix: string): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  if (node === null || typeof node !== 'object' || Array.isArray(node))
    throw new Error(`mail catalogue entry "${prefix}" is neither text nor a group`);
  return Object.entries(node).flatMap(([key, value]) => flatten(value, prefix ? `${prefix}.${key}` : key));
}

/** Rows read back from the outbox carry a plain string; anything unknown renders in the default language. */
export function catalogueLocale(value: unknown): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/**
 * The message with each `{name}` replaced by `values[name]`, each piece passed through `piece` (HTML escaping,
 * or nothing for text). A placeholder without a value throws, as the templates' strict mode does.
 */
export function interpolate(
  message: string,
  lookup: (name: string) => unknown,
  escape: (text: string) => string,
  value: (found: unknown) => string,
): string {
  let out = '';
  let last = 0;
  for (const match of message.matchAll(PLACEHOLDER)) {
    const found = lookup(match[1]);
    if (found === undefined || found === null) throw new Error(`no value for {${match[1]}}`);
    out += escape(message.slice(last, match.index)) + value(found);
    last = match.index + match[0].length;
  }
  return out + escape(message.slice(last));
}
