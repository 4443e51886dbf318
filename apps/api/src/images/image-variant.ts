import type { ImageContentType } from './image.entity';

/** The stored files of an image: the re-encoded image and its WebP thumbnail. */
export const IMAGE_VARIANTS = ['full', 'thumbnail'] as const;
export type ImageVariant = (typeof IMAGE_VARIANTS)[number];

const EXTENSIONS: Record<ImageContentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

export interface VariantFile {
  /** The file's name under the image's storage key. */
  name: string;
  contentType: ImageContentType;
}

/** Where a variant lives in storage and what it is: the full image keeps the uploaded format. */
export function variantFile(variant: ImageVariant, fullContentType: ImageContentType): VariantFile {
  const contentType = variant === 'thumbnail' ? 'image/webp' : fullContentType;
  return { name: `${variant}.${EXTENSIONS[contentType]}`, contentType };
}
