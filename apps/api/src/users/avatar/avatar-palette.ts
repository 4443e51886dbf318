/** The colours one avatar is drawn in: all derived from one hue, so a tile reads as "this user's colour". */
export interface AvatarPalette {
  /** Pale tint filling the tile. */
  background: string;
  /** Mid tone for the main shape; dark enough to stand out clearly against the background. */
  primary: string;
  /** Deep tone for eyes, outlines and shadows. */
  shade: string;
  /** A neighbouring hue for small details (noses, the sun, flower hearts). */
  accent: string;
  /** Near-white of the same hue for highlights. */
  light: string;
}

/** 32-bit FNV-1a over the UTF-8 bytes: tiny, stable across platforms and releases, and well spread. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

/** The palette for a hash. Lightness is fixed per role so every hue keeps the same contrast. */
export function paletteFor(hash: number): AvatarPalette {
  const hue = hash % 360;
  const accentHue = (hue + 40) % 360;
  return {
    background: hslToHex(hue, 70, 90),
    primary: hslToHex(hue, 50, 46),
    shade: hslToHex(hue, 45, 22),
    accent: hslToHex(accentHue, 80, 66),
    light: hslToHex(hue, 80, 97),
  };
}

/**
 * mulberry32 seeded from the hash: the per-nickname details of a template (petal count, peak heights)
 * must be the same on every render, so this is deliberately not cryptographic randomness.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hex rather than hsl() because some SVG rasterizers (mail clients, older converters) lack CSS colour 4. */
function hslToHex(hue: number, saturationPercent: number, lightnessPercent: number): string {
  const saturation = saturationPercent / 100;
  const lightness = lightnessPercent / 100;
  const chroma = saturation * Math.min(lightness, 1 - lightness);
  const channel = (offset: number): string => {
    const k = (offset + hue / 30) % 12;
    const value = lightness - chroma * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
