import { randomInt } from 'node:crypto';
import { paletteFor, seededRandom, stableHash } from './avatar-palette';
import { AVATAR_TEMPLATES } from './avatar-templates';

/** How many distinct tiles a nickname can have; a stored variant selects one by `variant % AVATAR_VARIANTS`. */
export const AVATAR_VARIANTS = AVATAR_TEMPLATES.length;

/**
 * The SVG tile for a nickname: colour and per-user details from a stable hash of the nickname, shape
 * from the variant. Same inputs give the same bytes. The nickname never appears in the output, so the
 * tile is safe to serve as image/svg+xml and to inline into a page.
 */
export function renderAvatarSvg(nickname: string, variant: number): string {
  if (!Number.isSafeInteger(variant) || variant < 0) {
    throw new RangeError(`Avatar variant must be a non-negative integer, got ${variant}`);
  }
  const hash = stableHash(nickname);
  const palette = paletteFor(hash);
  const drawShape = AVATAR_TEMPLATES[variant % AVATAR_VARIANTS];
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128" width="128" height="128">' +
    `<rect width="128" height="128" fill="${palette.background}"/>` +
    drawShape(palette, seededRandom(hash)) +
    '</svg>'
  );
}

/**
 * A variant for "regenerate avatar". Given the current one, the result is always a different tile,
 * so the button never appears to do nothing.
 */
export function randomAvatarVariant(current?: number): number {
  if (current === undefined) return randomInt(AVATAR_VARIANTS);
  return (current + 1 + randomInt(AVATAR_VARIANTS - 1)) % AVATAR_VARIANTS;
}

/**
 * Changes whenever the tile does: with the variant, and with the nickname that colours it. Profiles put it
 * in the avatar URL, so a tile cached for an hour is never shown after a rename or a regeneration.
 */
export function avatarVersion(nickname: string, variant: number): string {
  return `${variant}-${stableHash(nickname).toString(36)}`;
}
