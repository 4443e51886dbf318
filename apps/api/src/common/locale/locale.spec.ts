import { localeFromAcceptLanguage } from './locale';

describe('localeFromAcceptLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['de', 'de'],
    ['de-AT,de;q=0.9,en;q=0.8', 'de'],
    ['en-US,en;q=0.9,de;q=0.8', 'en'],
    ['fr-FR,fr;q=0.9,de;q=0.8,en;q=0.7', 'de'],
    ['en;q=0.5,de;q=0.9', 'de'],
    ['de;q=0,en;q=0.1', 'en'],
    ['DE-de', 'de'],
    ['*', 'en'],
    ['fr, it', 'en'],
    ['de;q=2, en;q=0.3', 'en'],
    ['de;q=abc', 'en'],
    ['en;q=0.8, de;q=0.8', 'en'],
    ['de ; q=0.7 , fr', 'de'],
    [';;;,,,;q=', 'en'],
  ])('%j → %s', (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
