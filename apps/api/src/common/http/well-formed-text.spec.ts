import { illFormedTextIn, textWithNulIn } from './well-formed-text';

describe('illFormedTextIn', () => {
  it('finds nothing in well-formed values, emoji (surrogate pairs) included', () => {
    expect(illFormedTextIn({ email: 'a@b.co', nickname: 'cat 😀', tags: ['x', { y: 1 }], n: null })).toBe(
      undefined,
    );
    expect(illFormedTextIn(undefined)).toBe(undefined);
  });

  it('names the field of a lone high or low surrogate with a dotted path, outer fields first', () => {
    expect(illFormedTextIn({ email: 'a\ud800@b.co' })).toBe('email');
    expect(illFormedTextIn({ items: [{ name: 'ok' }, { name: '\udc00' }] })).toBe('items.1.name');
    expect(illFormedTextIn({ deep: { a: '\ud800' }, shallow: '\udfff' })).toBe('shallow');
  });

  it('looks at keys and at a body that is text', () => {
    expect(illFormedTextIn({ ['x\ud800']: 1 })).toBe('x\ufffd');
    expect(illFormedTextIn('\ud800')).toBe('body');
  });

  it('does not look into buffers', () => {
    expect(illFormedTextIn({ file: Buffer.from([0xed, 0xa0, 0x80]) })).toBe(undefined);
  });
});

describe('textWithNulIn', () => {
  it('names the field or key that holds U+0000, and finds nothing in ordinary text', () => {
    expect(textWithNulIn({ email: 'a@b.co', tags: ['x\u0001'] })).toBe(undefined);
    expect(textWithNulIn({ email: '\u0000a@b.co' })).toBe('email');
    expect(textWithNulIn({ list: ['ok', 'a\u0000'] })).toBe('list.1');
    expect(textWithNulIn({ ['k\u0000']: 1 })).toBe('k\\u0000');
  });
});
