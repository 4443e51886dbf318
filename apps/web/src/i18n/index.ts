import { createI18n } from 'vue-i18n';

/** The languages the SPA speaks; the API's `locale` takes the same values. */
export const LOCALES = ['en', 'de'] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'en';

/** A guest's own choice in this browser (footer switch); a signed-in account's `locale` wins over it. */
const STORAGE_KEY = 'latchkey.locale';

interface Catalogue {
  [key: string]: string | Catalogue;
}

/**
 * One JSON file per area and language (locales/<language>/<area>.json); each file's keys sit under its
 * area's name, so the key `auth.login.title` reads locales/<language>/auth.json. A new area is a new pair of
 * files, picked up here without editing this one.
 */
function catalogues(): Record<AppLocale, Catalogue> {
  const files = import.meta.glob<Catalogue>('./locales/*/*.json', { eager: true, import: 'default' });
  const messages: Record<string, Record<string, Catalogue>> = Object.fromEntries(
    LOCALES.map((locale) => [locale, {}]),
  );
  for (const [path, content] of Object.entries(files)) {
    const [, locale, area] = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path)!;
    messages[locale]![area!] = content;
  }
  return messages as Record<AppLocale, Catalogue>;
}

export const messages = catalogues();

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The guest's stored choice, else the first of the browser's languages we speak (de-AT → de), else English. */
export function detectLocale(): AppLocale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const language = tag?.split('-')[0]?.toLowerCase();
    if (isLocale(language)) return language;
  }
  return DEFAULT_LOCALE;
}

const dateFormats = {
  /** 6 Dec 2026 */
  date: { dateStyle: 'medium' },
  /** 6 December 2026 */
  longDate: { dateStyle: 'long' },
  /** 6 Dec 2026, 21:30 */
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
} as const;

export const i18n = createI18n({
  legacy: false,
  locale: detectLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages,
  datetimeFormats: { en: dateFormats, de: dateFormats },
  // Keys are checked by i18n/catalogue.spec.ts; at run time a gap falls back to English without a console warning.
  missingWarn: false,
  fallbackWarn: false,
});

/**
 * For code outside components (stores, the router): the same translation as `useI18n().t`; a number picks
 * the plural form and fills `{count}`/`{n}`.
 */
export function t(key: string, values: Record<string, unknown> | number = {}): string {
  return typeof values === 'number' ? i18n.global.t(key, values) : i18n.global.t(key, values);
}

export function currentLocale(): AppLocale {
  return i18n.global.locale.value as AppLocale;
}

/** Switches the page's language, and tells the browser and assistive technology (`<html lang>`). */
export function applyLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  localStorage.setItem(STORAGE_KEY, locale);
}

document.documentElement.lang = currentLocale();
