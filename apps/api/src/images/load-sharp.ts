import type sharpModule from 'sharp';

let loading: Promise<typeof sharpModule> | undefined;

/**
 * sharp, loaded by the first image that needs it rather than at start: it maps libvips (~20 MB resident)
 * that an instance serving only sign-ins and profiles never uses (docs/architecture.md › Images).
 */
export function loadSharp(): Promise<typeof sharpModule> {
  loading ??= import('sharp').then(({ default: sharp }) => {
    // Each image is decoded once and never again, so libvips' operation cache only holds memory; one thread
    // per image keeps its per-thread buffers (and glibc arenas) few: the queue bounds how many run at once.
    sharp.cache(false);
    sharp.concurrency(1);
    return sharp;
  });
  return loading;
}
