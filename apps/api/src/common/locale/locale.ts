/** The languages the account, its mail and the SPA come in (docs/architecture.md › Languages). */
export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** RFC 9110 qvalue: "0" to "1" with at most three decimals. */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;
/** More ranges than any browser sends; a longer header is somebody's experiment, not a preference. */
const MAX_RANGES = 32;

/**
 * The supported locale the client prefers most (RFC 9110 §12.5.4): ranges by descending weight, ties in the
 * order given, `q=0` meaning "not this one". A range matches by its primary subtag (`de-AT` is German);
 * `*` and ranges we do not speak are skipped, and nothing usable means the default.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranges = header
    .split(',', MAX_RANGES)
    .map((part, index) => {
      const [range = '', ...params] = part.split(';').map((piece) => piece.trim());
      const qParam = params.find((param) => /^q=/i.test(param));
      const qText = qParam?.slice(2) ?? '1';
      return {
        tag: range.toLowerCase().split('-')[0],
        weight: QVALUE.test(qText) ? Number(qText) : 0,
        index,
      };
    })
    .filter(({ weight }) => weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranges.map(({ tag }) => tag).find(isLocale) ?? DEFAULT_LOCALE;
}
