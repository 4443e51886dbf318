import { BatchedLookup } from './batched-lookup';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A lookup over `rows` that records the keys of each query it was asked. */
function recordingLookup(rows: Record<string, string>, maxKeys?: number) {
  const queries: string[][] = [];
  const lookup = new BatchedLookup<string>(async (keys) => {
    queries.push(keys);
    return new Map(keys.filter((key) => key in rows).map((key) => [key, rows[key]!]));
  }, maxKeys);
  return { lookup, queries };
}

describe('BatchedLookup', () => {
  it('answers the lookups of one turn with one query, each with its own row or nothing', async () => {
    const { lookup, queries } = recordingLookup({ a: 'row a', b: 'row b' });

    const answers = await Promise.all([lookup.get('a'), lookup.get('b'), lookup.get('missing')]);

    expect(answers).toEqual(['row a', 'row b', undefined]);
    expect(queries).toEqual([['a', 'b', 'missing']]);
  });

  it('asks for a key once however many lookups of it came together', async () => {
    const { lookup, queries } = recordingLookup({ a: 'row a' });

    expect(await Promise.all([lookup.get('a'), lookup.get('a'), lookup.get('a')])).toEqual([
      'row a',
      'row a',
      'row a',
    ]);
    expect(queries).toEqual([['a']]);
  });

  it('never answers a lookup from a query sent before it was asked', async () => {
    const rows: Record<string, string> = { a: 'old' };
    const { lookup, queries } = recordingLookup(rows);
    const first = lookup.get('a');
    await nextTurn();
    rows.a = 'new';

    const second = await lookup.get('a');

    expect([await first, second]).toEqual(['old', 'new']);
    expect(queries).toEqual([['a'], ['a']]);
  });

  it('sends a full batch at once and gathers the lookups after it into the next', async () => {
    const { lookup, queries } = recordingLookup({ a: '1', b: '2', c: '3' }, 2);

    expect(await Promise.all([lookup.get('a'), lookup.get('b'), lookup.get('c')])).toEqual(['1', '2', '3']);
    expect(queries).toEqual([['a', 'b'], ['c']]);
  });

  it('fails every lookup of a failed query, and the next batch is asked afresh', async () => {
    let fail = true;
    const lookup = new BatchedLookup<string>(async (keys) => {
      if (fail) throw new Error('connection lost');
      return new Map(keys.map((key) => [key, `row ${key}`]));
    });

    const failed = await Promise.allSettled([lookup.get('a'), lookup.get('b')]);
    fail = false;

    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await lookup.get('a')).toBe('row a');
  });
});
