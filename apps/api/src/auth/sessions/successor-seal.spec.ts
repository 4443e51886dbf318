import { randomUUID } from 'node:crypto';
import { newSecretToken } from '../tokens/secret-token';
import { SuccessorSeal } from './successor-seal';

const SECRET = 'k3J9-vQ2xL8pZr4TmW7yB1nC6dF0gH5s_aE';

describe('SuccessorSeal', () => {
  const seal = new SuccessorSeal(SECRET);
  const rowId = randomUUID();
  const successor = newSecretToken();

  it('opens what it sealed for the same row, and never stores the token in the clear', () => {
    const sealed = seal.seal(successor, rowId);

    expect(sealed).not.toContain(successor);
    expect(seal.open(sealed, rowId)).toBe(successor);
  });

  it('seals the same token differently each time (a fresh nonce)', () => {
    expect(seal.seal(successor, rowId)).not.toBe(seal.seal(successor, rowId));
  });

  it('does not open a value moved to another row', () => {
    expect(seal.open(seal.seal(successor, rowId), randomUUID())).toBeUndefined();
  });

  it('does not open under another secret', () => {
    const other = new SuccessorSeal(`${SECRET}-rotated`);
    expect(other.open(seal.seal(successor, rowId), rowId)).toBeUndefined();
  });

  it.each([
    ['an altered byte', (sealed: string) => flipLastByte(sealed)],
    ['a cut-off value', (sealed: string) => sealed.slice(0, 20)],
    ['an empty value', () => ''],
    ['garbage', () => '!!not base64!!'],
  ])('refuses %s', (_label, spoil) => {
    expect(seal.open(spoil(seal.seal(successor, rowId)), rowId)).toBeUndefined();
  });
});

function flipLastByte(sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64url');
  bytes[bytes.length - 1] ^= 1;
  return bytes.toString('base64url');
}
