import { randomUUID } from 'node:crypto';
import { testConfig } from '../testing/test-config';
import { ImageUrls, SIGNED_URL_CACHE_SIZE } from './image-urls';

const IMAGE_ID = '0b7d6c1e-2f4a-4d0e-9d7a-9a1f3c2e5b10';
const NOW = new Date('2026-12-03T12:00:00Z');
const urls = new ImageUrls(testConfig({ IMAGE_URL_TTL: '15m', PUBLIC_URL: 'https://id.example.com' }));

/** The parts of a signed URL that come back to `verify`. */
function partsOf(url: string) {
  const parsed = new URL(url);
  const [, , , , id, variant] = parsed.pathname.split('/');
  return {
    id,
    variant: variant as 'full' | 'thumbnail',
    expires: Number(parsed.searchParams.get('expires')),
    signature: parsed.searchParams.get('signature')!,
  };
}

function verify(parts: ReturnType<typeof partsOf>, now = NOW) {
  return () => urls.verify(parts.id, parts.variant, parts.expires, parts.signature, now);
}

describe('ImageUrls', () => {
  it('signs absolute URLs for both variants that verify until they expire', () => {
    const signed = urls.signed(IMAGE_ID, NOW);

    expect(signed.url).toMatch(
      new RegExp(
        `^https://id\\.example\\.com/api/v1/images/${IMAGE_ID}/full\\?expires=\\d+&signature=[\\w-]+$`,
      ),
    );
    const full = partsOf(signed.url);
    const thumbnail = partsOf(signed.thumbnailUrl);
    expect(verify(full)).not.toThrow();
    expect(verify(thumbnail)).not.toThrow();
    expect(signed.expiresAt.getTime()).toBe(full.expires * 1000);
    expect(full.expires - NOW.getTime() / 1000).toBeGreaterThanOrEqual(15 * 60);
  });

  it('rounds the expiry up to a fifth of the lifetime, so URLs stay the same for a while', () => {
    const first = urls.signed(IMAGE_ID, new Date(NOW.getTime() + 1_000));
    const later = urls.signed(IMAGE_ID, new Date(NOW.getTime() + 61_000));
    expect(later.url).toBe(first.url);
    expect(partsOf(first.url).expires % 180).toBe(0);
  });

  it('refuses an expired URL with URL_EXPIRED', () => {
    const full = partsOf(urls.signed(IMAGE_ID, NOW).url);
    expect(verify(full, new Date(full.expires * 1000))).toThrow(
      expect.objectContaining({ code: 'URL_EXPIRED' }),
    );
  });

  it.each([
    ['another image', { id: '5a3e9f0c-1d2b-4c8e-a6f7-3b9d0e1c2a45' }],
    ['the other variant', { variant: 'thumbnail' as const }],
    ['a later expiry', { expires: 9_999_999_999 }],
    ['a changed signature', { signature: 'A'.repeat(43) }],
    ['a short signature', { signature: 'abc' }],
  ])('refuses %s with INVALID_SIGNATURE', (_what, change) => {
    const tampered = { ...partsOf(urls.signed(IMAGE_ID, NOW).url), ...change };
    expect(verify(tampered)).toThrow(expect.objectContaining({ code: 'INVALID_SIGNATURE' }));
  });

  it('refuses URLs signed with another JWT secret', () => {
    const foreign = new ImageUrls(testConfig({ IMAGE_URL_TTL: '15m' }));
    expect(verify(partsOf(foreign.signed(IMAGE_ID, NOW).url))).toThrow(
      expect.objectContaining({ code: 'INVALID_SIGNATURE' }),
    );
  });

  it('signs each image once per expiry step, however many others are signed meanwhile', () => {
    const first = urls.signed(IMAGE_ID, new Date(NOW.getTime() + 1_000));
    for (let i = 0; i <= SIGNED_URL_CACHE_SIZE; i++) urls.signed(randomUUID(), NOW);

    const again = urls.signed(IMAGE_ID, new Date(NOW.getTime() + 61_000));

    expect(again).toEqual(first);
    expect(verify(partsOf(again.url))).not.toThrow();
  });
});
