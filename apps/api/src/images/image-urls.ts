import { Injectable } from '@nestjs/common';
import { createHmac, createSecretKey, KeyObject, timingSafeEqual } from 'node:crypto';
import { BoundedMap } from '../common/bounded-map';
import { problemException } from '../common/problem/api-problems.decorator';
import { AppConfig } from '../config/app-config';
import { derivedKey } from '../config/derived-key';
import { INVALID_SIGNATURE_PROBLEM, URL_EXPIRED_PROBLEM } from './image.problems';
import type { ImageVariant } from './image-variant';

export interface SignedImageUrls {
  url: string;
  thumbnailUrl: string;
  expiresAt: Date;
}

/**
 * Images whose current URLs are kept: a page of the gallery signs 48 URLs, and within one expiry step they
 * are the same every time, so most requests sign nothing. FIFO-evicted; a few hundred bytes an entry.
 */
export const SIGNED_URL_CACHE_SIZE = 4096;

/**
 * Short-lived URLs for image bytes, so `<img src>` works without an Authorization header. A URL names the
 * image, the variant and its expiry, signed with a key derived from JWT_SECRET (never the secret itself).
 * Expiries are rounded up to a fifth of the lifetime, so the same image keeps the same URL for a while and
 * browsers can cache it.
 */
@Injectable()
export class ImageUrls {
  /** Made once: a KeyObject spares createHmac importing the key bytes on every URL. */
  private readonly key: KeyObject;
  private readonly stepSeconds: number;
  private readonly base: string;
  private readonly cache = new BoundedMap<string, SignedImageUrls>(SIGNED_URL_CACHE_SIZE);

  constructor(private readonly config: AppConfig) {
    this.base = `${config.publicUrl}/api/v1/images/`;
    this.key = createSecretKey(derivedKey(config.jwtSecret, 'image urls'));
    this.stepSeconds = Math.max(1, Math.floor(config.imageUrlTtl / 5));
  }

  /** When URLs signed at `now` expire, in Unix seconds: the same for every URL signed within one step. */
  expiryOf(now: Date): number {
    const earliest = Math.floor(now.getTime() / 1000) + this.config.imageUrlTtl;
    return Math.ceil(earliest / this.stepSeconds) * this.stepSeconds;
  }

  signed(imageId: string, now = new Date()): SignedImageUrls {
    const expires = this.expiryOf(now);
    const cached = this.cache.get(imageId);
    if (cached?.expiresAt.getTime() === expires * 1000) return cached;
    const signed = {
      url: this.urlOf(imageId, 'full', expires),
      thumbnailUrl: this.urlOf(imageId, 'thumbnail', expires),
      expiresAt: new Date(expires * 1000),
    };
    this.cache.set(imageId, signed);
    return signed;
  }

  /** Throws INVALID_SIGNATURE or URL_EXPIRED; the signature is checked first, so expiry is never guessed at. */
  verify(imageId: string, variant: ImageVariant, expires: number, signature: string, now = new Date()): void {
    const expected = Buffer.from(this.signature(imageId, variant, expires));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw problemException(INVALID_SIGNATURE_PROBLEM);
    }
    if (expires * 1000 <= now.getTime()) throw problemException(URL_EXPIRED_PROBLEM);
  }

  private urlOf(imageId: string, variant: ImageVariant, expires: number): string {
    const signature = this.signature(imageId, variant, expires);
    return `${this.base}${imageId}/${variant}?expires=${expires}&signature=${signature}`;
  }

  private signature(imageId: string, variant: ImageVariant, expires: number): string {
    return createHmac('sha256', this.key).update(`${imageId}.${variant}.${expires}`).digest('base64url');
  }
}
