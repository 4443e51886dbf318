import { AvatarPalette } from './avatar-palette';

/**
 * The shapes an avatar can take, drawn for Latchkey on a 128×128 canvas. Each template gets the
 * nickname's palette and a seeded random for small per-user details, and returns SVG elements only:
 * no ids (tiles are inlined many to a page, so ids would collide), no text, no links, no scripts.
 */
export type AvatarTemplate = (palette: AvatarPalette, random: () => number) => string;

type Attributes = Record<string, string | number>;

/** One self-closing element. Values are our own numbers and hex colours, never user input. */
function shape(tag: string, attributes: Attributes): string {
  const text = Object.entries(attributes)
    .map(([name, value]) => `${name}="${typeof value === 'number' ? round(value) : value}"`)
    .join(' ');
  return `<${tag} ${text}/>`;
}

/** One decimal is plenty at 128 units and keeps the output byte-stable and short. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function between(random: () => number, low: number, high: number): number {
  return low + random() * (high - low);
}

/** Draws the left half of a symmetric face and mirrors it, so both sides always match. */
function mirrored(leftHalf: string): string {
  return `${leftHalf}<g transform="matrix(-1 0 0 1 128 0)">${leftHalf}</g>`;
}

function stroke(colour: string, width: number): Attributes {
  return { fill: 'none', stroke: colour, 'stroke-width': width, 'stroke-linecap': 'round' };
}

const cat: AvatarTemplate = (palette, random) => {
  const happyEyes = random() < 0.35;
  const eye = happyEyes
    ? shape('path', { d: 'M42 70 Q50 61 58 70', ...stroke(palette.shade, 4) })
    : shape('ellipse', { cx: 50, cy: 68, rx: 6, ry: 8, fill: palette.shade }) +
      shape('circle', { cx: 52, cy: 65, r: 2.2, fill: palette.light });
  const leftHalf =
    shape('path', { d: 'M30 60 L33 16 L62 38 Z', fill: palette.primary }) +
    shape('path', { d: 'M36 50 L38 26 L54 39 Z', fill: palette.accent }) +
    eye +
    shape('path', { d: 'M40 84 L16 80 M40 89 L17 93', ...stroke(palette.shade, 2) });
  return (
    shape('circle', { cx: 64, cy: 74, r: 40, fill: palette.primary }) +
    shape('ellipse', { cx: 64, cy: 92, rx: 20, ry: 14, fill: palette.light, 'fill-opacity': 0.55 }) +
    mirrored(leftHalf) +
    shape('path', { d: 'M59 82 L69 82 L64 88 Z', fill: palette.accent }) +
    shape('path', { d: 'M64 88 Q64 95 57 95 M64 88 Q64 95 71 95', ...stroke(palette.shade, 2.5) })
  );
};

const owl: AvatarTemplate = (palette, random) => {
  const gaze = between(random, -3, 3);
  const leftHalf =
    shape('path', { d: 'M28 48 L26 14 L54 36 Z', fill: palette.primary }) +
    shape('circle', { cx: 46, cy: 62, r: 17, fill: palette.light }) +
    shape('circle', { cx: 46 + gaze, cy: 63, r: 8, fill: palette.shade }) +
    shape('circle', { cx: 49 + gaze, cy: 60, r: 2.5, fill: palette.light });
  const chevrons = [98, 110]
    .map((y) =>
      shape('path', {
        d: `M52 ${y} L58 ${y + 5} L64 ${y} L70 ${y + 5} L76 ${y}`,
        ...stroke(palette.primary, 2.5),
      }),
    )
    .join('');
  return (
    shape('ellipse', { cx: 64, cy: 80, rx: 42, ry: 48, fill: palette.primary }) +
    shape('ellipse', { cx: 64, cy: 106, rx: 26, ry: 24, fill: palette.background, 'fill-opacity': 0.8 }) +
    mirrored(leftHalf) +
    shape('path', { d: 'M57 74 L71 74 L64 88 Z', fill: palette.accent }) +
    chevrons
  );
};

const flower: AvatarTemplate = (palette, random) => {
  const petals = 5 + Math.floor(random() * 4);
  const step = 360 / petals;
  const ring = (radius: number, width: number, colour: string, offset: number): string =>
    Array.from({ length: petals }, (_, i) =>
      shape('ellipse', {
        cx: 64,
        cy: 64 - radius,
        rx: width,
        ry: radius,
        fill: colour,
        transform: `rotate(${round(i * step + offset)} 64 64)`,
      }),
    ).join('');
  return (
    ring(44, 16, palette.primary, 0) +
    ring(30, 10, palette.accent, step / 2) +
    shape('circle', { cx: 64, cy: 64, r: 15, fill: palette.shade }) +
    shape('circle', { cx: 59, cy: 59, r: 4, fill: palette.light, 'fill-opacity': 0.7 })
  );
};

const mountains: AvatarTemplate = (palette, random) => {
  const peak = Math.round(between(random, 38, 90));
  const peakY = Math.round(between(random, 34, 46));
  const backLeft = Math.round(between(random, 50, 70));
  const backRight = Math.round(between(random, 48, 66));
  const capLeft = peak - (peak * 18) / (128 - peakY);
  return (
    shape('circle', { cx: between(random, 26, 102), cy: 34, r: 15, fill: palette.accent }) +
    shape('path', {
      d: `M0 128 L0 ${backLeft + 20} L30 ${backLeft} L70 96 L104 ${backRight} L128 ${backRight + 14} L128 128 Z`,
      fill: palette.shade,
      'fill-opacity': 0.45,
    }) +
    shape('path', { d: `M0 128 L${peak} ${peakY} L128 128 Z`, fill: palette.primary }) +
    shape('path', {
      d: `M${peak} ${peakY} L${capLeft} ${peakY + 18} L${peak - 4} ${peakY + 14} L${peak + 4} ${peakY + 20} L${peak + 10} ${peakY + 14} Z`,
      fill: palette.light,
    }) +
    shape('path', {
      d: `M${peak} ${peakY} L128 128 L${peak + 40} 128 Z`,
      fill: palette.shade,
      'fill-opacity': 0.35,
    })
  );
};

const waves: AvatarTemplate = (palette, random) => {
  const amplitude = between(random, 6, 12);
  const direction = random() < 0.5 ? 1 : -1;
  const bands = [
    { y: 34, colour: palette.accent },
    { y: 58, colour: palette.primary },
    { y: 82, colour: palette.shade },
    { y: 106, colour: palette.primary },
  ];
  return bands
    .map(({ y, colour }, i) => {
      const crest = y - amplitude * direction * (i % 2 === 0 ? 1 : -1);
      const d = `M0 ${y} Q16 ${round(crest)} 32 ${y} T64 ${y} T96 ${y} T128 ${y} L128 128 L0 128 Z`;
      return shape('path', { d, fill: colour, 'fill-opacity': i === 2 ? 0.85 : 1 });
    })
    .join('');
};

/** A 5×5 grid mirrored left to right, in the spirit of identicons: unique-looking yet tidy. */
const pixels: AvatarTemplate = (palette, random) => {
  const cells: string[] = [];
  for (let row = 0; row < 5; row++) {
    for (let column = 0; column < 3; column++) {
      // The middle column is always on so even an unlucky draw leaves a recognisable figure.
      if (column < 2 && random() < 0.45) continue;
      const colour = random() < 0.2 ? palette.accent : palette.primary;
      for (const x of new Set([column, 4 - column])) {
        cells.push(shape('rect', { x: 24 + x * 16, y: 24 + row * 16, width: 16, height: 16, fill: colour }));
      }
    }
  }
  return cells.join('');
};

export const AVATAR_TEMPLATES: readonly AvatarTemplate[] = [cat, owl, flower, mountains, waves, pixels];
