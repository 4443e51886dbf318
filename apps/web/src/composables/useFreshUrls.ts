import { onBeforeUnmount, onMounted } from 'vue';
import { urlsExpired } from './images';

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
