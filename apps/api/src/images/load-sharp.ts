import type sharpModule from 'sharp';

let loading: Promise<typeof sharpModule> | undefined;

/**
 * sharp, loaded by the first image that needs it rather than at start: it maps libvips (~20 MB resident)
 * that an instance serving only sign-ins and profiles never uses (docs/architecture.md › Images).
 */
export function loadSharp(): Promise<typeof sharpModule> {
  loading ??= import('sharp').then((loaded) => loaded.default);
  return loading;
}
