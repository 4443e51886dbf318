/** The stored files of an image: the re-encoded image and its WebP thumbnail. */
export const IMAGE_VARIANTS = ['full', 'thumbnail'] as const;
export type ImageVariant = (typeof IMAGE_VARIANTS)[number];
