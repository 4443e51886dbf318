import { AVATAR_VARIANTS, randomAvatarVariant, renderAvatarSvg } from './avatar-tile';

const allVariants = Array.from({ length: AVATAR_VARIANTS }, (_, variant) => variant);

describe('renderAvatarSvg', () => {
  it('offers at least five templates', () => {
    expect(AVATAR_VARIANTS).toBeGreaterThanOrEqual(5);
  });

  it.each(allVariants)('variant %i is one well-formed, self-contained 128×128 SVG element', (variant) => {
    const svg = renderAvatarSvg('brave-otter-417', variant);
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 128 128"[^>]*>.*<\/svg>$/s,
    );
    expect(balancedTags(svg)).toBe(true);
    expect(svg).not.toMatch(/<script|<foreignObject|\son[a-z]+=|href=|url\(|<text|<image|<style|\sid=/i);
  });

  it('is deterministic: the same nickname and variant give the same bytes', () => {
    expect(renderAvatarSvg('quiet-heron-002', 3)).toBe(renderAvatarSvg('quiet-heron-002', 3));
  });

  it('draws different tiles for different variants and colours them per nickname', () => {
    const tiles = new Set(allVariants.map((variant) => renderAvatarSvg('quiet-heron-002', variant)));
    expect(tiles.size).toBe(AVATAR_VARIANTS);
    expect(backgroundOf(renderAvatarSvg('quiet-heron-002', 0))).not.toBe(
      backgroundOf(renderAvatarSvg('brave-otter-417', 0)),
    );
    expect(renderAvatarSvg('quiet-heron-002', 1)).toBe(
      renderAvatarSvg('quiet-heron-002', 1 + AVATAR_VARIANTS),
    );
  });

  it('never puts the nickname into the markup, whatever it contains', () => {
    const hostile = '"><script>alert(1)</script><svg onload=alert(2)>';
    for (const variant of allVariants) {
      const svg = renderAvatarSvg(hostile, variant);
      expect(svg).not.toContain('alert');
      expect(balancedTags(svg)).toBe(true);
    }
  });

  it('refuses a variant that is not a non-negative integer', () => {
    expect(() => renderAvatarSvg('x', -1)).toThrow(RangeError);
    expect(() => renderAvatarSvg('x', 1.5)).toThrow(RangeError);
  });
});

describe('randomAvatarVariant', () => {
  it('always moves away from the current variant when regenerating', () => {
    for (const current of allVariants) {
      for (let draw = 0; draw < 50; draw++) {
        const next = randomAvatarVariant(current);
        expect(next).not.toBe(current);
        expect(allVariants).toContain(next);
      }
    }
  });
});

function backgroundOf(svg: string): string | undefined {
  return /<rect width="128" height="128" fill="(#[0-9a-f]{6})"\/>/.exec(svg)?.[1];
}

/** Every opening tag is closed in order; enough to catch broken markup without an XML parser dependency. */
function balancedTags(svg: string): boolean {
  const open: string[] = [];
  for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) open.push(name);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}
