import { derivedKey } from './derived-key';

const SECRET = 'k'.repeat(40);

describe('derivedKey', () => {
  it('gives each purpose a 256-bit key of its own, the same on every call', () => {
    const images = derivedKey(SECRET, 'image urls');
    const codes = derivedKey(SECRET, 'one-time codes');

    expect(images).toHaveLength(32);
    expect(codes).toHaveLength(32);
    expect(codes.equals(images)).toBe(false);
    expect(derivedKey(SECRET, 'one-time codes').equals(codes)).toBe(true);
    expect(derivedKey('m'.repeat(40), 'one-time codes').equals(codes)).toBe(false);
  });

  it('keeps the image URL key it had before it moved here, so signed URLs survive the upgrade', () => {
    expect(derivedKey(SECRET, 'image urls').toString('hex')).toBe(
      '0f959265e34c5ecb855502f0809e5e66c0b62b4398fff2c47da2afae433cc65e',
    );
  });
});
