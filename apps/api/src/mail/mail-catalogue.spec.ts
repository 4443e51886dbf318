import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES } from '../common/locale/locale';
import { loadCatalogues, PLACEHOLDER } from './mail-catalogue';
import { catalogueGroup } from './mail-renderer';
import { MAIL_TEMPLATE_NAMES } from './mail.types';

const catalogues = loadCatalogues();
const [reference, ...others] = LOCALES;
const templatesDir = join(__dirname, 'templates');
const templateFiles = readdirSync(templatesDir).filter((file) => file.endsWith('.hbs'));

/** Every key a template asks `t` for, as a helper call or a subexpression. */
function keysUsedIn(source: string): string[] {
  return [...source.matchAll(/[{(]t\s+"([^"]+)"/g)].map((match) => match[1]);
}

const placeholdersOf = (message: string) =>
  [...message.matchAll(PLACEHOLDER)].map((match) => match[1]).sort();

describe('mail catalogues', () => {
  it.each(others)(`%s has exactly the keys of ${reference}`, (locale) => {
    expect([...catalogues[locale].keys()].sort()).toEqual([...catalogues[reference].keys()].sort());
  });

  it.each(others)(`%s uses the same placeholders as ${reference} in every message`, (locale) => {
    for (const [key, message] of catalogues[reference]) {
      expect({ key, placeholders: placeholdersOf(catalogues[locale].get(key) ?? '') }).toEqual({
        key,
        placeholders: placeholdersOf(message),
      });
    }
  });

  it.each(LOCALES)('%s has no empty message', (locale) => {
    for (const [key, message] of catalogues[locale])
      expect({ key, empty: message.trim() === '' }).toEqual({ key, empty: false });
  });

  it.each(templateFiles)('%s uses only keys that every language has', (file) => {
    const used = keysUsedIn(readFileSync(join(templatesDir, file), 'utf8'));
    for (const locale of LOCALES) {
      expect({ locale, missing: used.filter((key) => !catalogues[locale].has(key)) }).toEqual({
        locale,
        missing: [],
      });
    }
  });

  it('has a subject for every template, in every language', () => {
    for (const locale of LOCALES)
      for (const name of MAIL_TEMPLATE_NAMES)
        expect({ locale, name, has: catalogues[locale].has(`${catalogueGroup(name)}.subject`) }).toEqual({
          locale,
          name,
          has: true,
        });
  });

  it('has no message that no template uses', () => {
    const used = new Set(
      templateFiles.flatMap((file) => keysUsedIn(readFileSync(join(templatesDir, file), 'utf8'))),
    );
    for (const name of MAIL_TEMPLATE_NAMES) used.add(`${catalogueGroup(name)}.subject`);
    expect([...catalogues[reference].keys()].filter((key) => !used.has(key))).toEqual([]);
  });

  it('finds the keys it checks', () => {
    expect(keysUsedIn('{{t "a.b"}} {{link url (t "c.d")}} {{t "e.f" x=(t "g.h")}}')).toEqual([
      'a.b',
      'c.d',
      'e.f',
      'g.h',
    ]);
  });
});
