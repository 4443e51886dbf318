import { nestsDeeperThan } from './json-body';

const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts objects and arrays together, one level each', () => {
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(nestsDeeperThan('1', 0)).toBe(false);
  });

  it('counts depth, not the number of brackets side by side', () => {
    expect(nestsDeeperThan(`[${Array(1000).fill('[]').join(',')}]`, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '[[[[{{{{', b: 'quote " [[[[', c: 'slash \\' }), 1)).toBe(
      false,
    );
    expect(nestsDeeperThan(JSON.stringify(['slash \\', [[]]]), 2)).toBe(true);
  });

  it('handles a million levels without recursing', () => {
    expect(nestsDeeperThan(arrays(1_000_000), 32)).toBe(true);
  });
});
