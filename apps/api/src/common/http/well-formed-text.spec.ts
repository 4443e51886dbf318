import { ILL_FORMED_TEXT_ERROR, NUL_IN_TEXT_ERROR } from './http.problems';
import { badTextIn } from './well-formed-text';

const fieldOf = (value: unknown) => badTextIn(value)?.field;

describe('badTextIn', () => {
  it('finds nothing in well-formed values, emoji (surrogate pairs) and control characters other than NUL included', () => {
    expect(badTextIn({ email: 'a@b.co', nickname: 'cat 😀', tags: ['x\u0001', { y: 1 }], n: null })).toBe(
      undefined,
    );
    expect(badTextIn(undefined)).toBe(undefined);
  });

  it('names the field of a lone high or low surrogate with a dotted path, outer fields first', () => {
    expect(badTextIn({ email: 'a\ud800@b.co' })).toEqual({ field: 'email', ...ILL_FORMED_TEXT_ERROR });
    expect(fieldOf({ items: [{ name: 'ok' }, { name: '\udc00' }] })).toBe('items.1.name');
    expect(fieldOf({ deep: { a: '\ud800' }, shallow: '\udfff' })).toBe('shallow');
  });

  it('names the field or key that holds U+0000', () => {
    expect(badTextIn({ email: '\u0000a@b.co' })).toEqual({ field: 'email', ...NUL_IN_TEXT_ERROR });
    expect(fieldOf({ list: ['ok', 'a\u0000'] })).toBe('list.1');
    expect(fieldOf({ ['k\u0000']: 1 })).toBe('k\\u0000');
  });

  it('looks at keys and at a body that is text', () => {
    expect(fieldOf({ ['x\ud800']: 1 })).toBe('x\ufffd');
    expect(fieldOf('\ud800')).toBe('body');
  });

  it('does not look into buffers', () => {
    expect(badTextIn({ file: Buffer.from([0xed, 0xa0, 0x80, 0x00]) })).toBe(undefined);
  });
});
