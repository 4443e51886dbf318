import { onBeforeUnmount, onMounted } from 'vue';
import type { Image } from './images';

/**
 * Image URLs are signed for about 15 minutes (urlsExpireAt). When they have passed, fetch the images again:
 * when the tab becomes visible again (the usual way a page sits there for long), and when an <img> fails to
 * load (a lazy image scrolled into view late). A failure before the expiry is something else: left alone,
 * so a broken image cannot start a loop of requests.
 */
export function useFreshUrls(expiresAt: () => string | undefined, reload: () => unknown) {
  let reloading = false;

  async function reloadIfExpired(): Promise<void> {
    if (reloading || !urlsExpired(expiresAt())) return;
    reloading = true;
    try {
      await reload();
    } finally {
      reloading = false;
    }
  }

  function onVisibilityChange(): void {
    if (document.visibilityState === 'visible') void reloadIfExpired();
  }

  onMounted(() => document.addEventListener('visibilitychange', onVisibilityChange));
  onBeforeUnmount(() => document.removeEventListener('visibilitychange', onVisibilityChange));

  /** For <img @error>: a failed load after the expiry fetches fresh URLs. */
  return { onImageError: () => void reloadIfExpired(), reloadIfExpired };
}

/** Whether signed URLs expiring at `expiresAt` are gone, or will be within the next few seconds. */
export function urlsExpired(expiresAt: string | undefined, now = Date.now()): boolean {
  return expiresAt !== undefined && Date.parse(expiresAt) - 5_000 <= now;
}

/** The earliest expiry of a list's URLs; the list needs fetching again once it has passed. */
export function earliestExpiry(images: readonly Image[]): string | undefined {
  return images.map((image) => image.urlsExpireAt).sort()[0];
}
