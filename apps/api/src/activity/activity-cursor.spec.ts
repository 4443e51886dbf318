import { decodeCursor, encodeCursor } from './activity-cursor';

const ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const forged = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('activity cursor', () => {
  it('reads back the position it encoded, to the microsecond', () => {
    const position = { occurredAt: '2026-12-06T19:51:33.123456Z', id: ID };
    const cursor = encodeCursor(position);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['too long', 'A'.repeat(129)],
    ['no id', forged('2026-12-06T19:51:33.123456Z')],
    ['a bad id', forged('2026-12-06T19:51:33.123456Z 3FA85F64-nope')],
    ['milliseconds only', forged(`2026-12-06T19:51:33.123Z ${ID}`)],
    ['a day that does not exist', forged(`2026-02-31T00:00:00.000000Z ${ID}`)],
    ['hour 24', forged(`2026-02-01T24:00:00.000000Z ${ID}`)],
    ['a trailing part', forged(`2026-12-06T19:51:33.123456Z ${ID} more`)],
    ['SQL', forged(`2026-12-06T19:51:33.123456Z'; DROP TABLE users; -- ${ID}`)],
    ['a lone surrogate', forged(`\uD800 ${ID}`)],
  ])('refuses a cursor with %s', (_label, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
