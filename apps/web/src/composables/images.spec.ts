import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/problems';
import { fileProblem, friendlyImageError, MAX_UPLOAD_BYTES, nameFromFile } from './images';
import { earliestExpiry, urlsExpired } from './useFreshUrls';

const file = (name: string, type: string, bytes = 10) => new File([new Uint8Array(bytes)], name, { type });

describe('fileProblem', () => {
  it('accepts JPEG, PNG and WebP up to 5 MB', () => {
    expect(fileProblem(file('a.jpg', 'image/jpeg'))).toBeNull();
    expect(fileProblem(file('a.webp', 'image/webp', MAX_UPLOAD_BYTES))).toBeNull();
  });

  it('refuses other types, empty files and larger files, naming the file', () => {
    expect(fileProblem(file('a.gif', 'image/gif'))).toMatch(/“a.gif” is not a JPEG, PNG or WebP image/);
    expect(fileProblem(file('a.png', 'image/png', 0))).toMatch(/is empty/);
    expect(fileProblem(file('a.png', 'image/png', MAX_UPLOAD_BYTES + 1))).toMatch(/at most 5 MB/);
  });
});

describe('nameFromFile', () => {
  it('turns a file name into words, at most 80 characters', () => {
    expect(nameFromFile('tabby_on-the--sill.final.JPG')).toBe('tabby on the sill.final');
    expect(nameFromFile(`${'a'.repeat(100)}.png`)).toHaveLength(80);
  });
});

describe('signed URL expiry', () => {
  it('counts URLs as expired a few seconds early, and a list by its earliest', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    expect(urlsExpired('2026-12-03T12:00:03Z', now)).toBe(true);
    expect(urlsExpired('2026-12-03T12:01:00Z', now)).toBe(false);
    expect(urlsExpired(undefined, now)).toBe(false);
    const list = [{ urlsExpireAt: '2026-12-03T12:15:00Z' }, { urlsExpireAt: '2026-12-03T12:14:00Z' }];
    expect(earliestExpiry(list as never)).toBe('2026-12-03T12:14:00Z');
  });
});

describe('friendlyImageError', () => {
  it('words the gallery codes for people and keeps the rest', () => {
    const tooLarge = friendlyImageError(
      new ApiError(413, 'IMAGE_TOO_LARGE', 'The file is larger than 5 MB.'),
    );
    expect(tooLarge.detail).toMatch(/Choose a smaller one/);
    const throttled = new ApiError(429, 'TOO_MANY_REQUESTS', 'Too many.', [], 30);
    expect(friendlyImageError(throttled)).toBe(throttled);
  });
});
