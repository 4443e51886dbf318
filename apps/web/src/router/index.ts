import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router';
import { t } from '../i18n';
import { useAuthStore } from '../stores/auth';
import { useToastStore } from '../stores/toasts';
import { refusalFor } from './access';
import { routes } from './routes';

export const APP_NAME = 'Latchkey';

/** A title the page set for itself (an image's name), kept until the next navigation. */
let ownTitle: string | undefined;

/** The document title for a page's title key, in the current language, unless the page set its own. */
export function pageTitle(titleKey: string): string {
  return `${ownTitle ?? t(titleKey)} · ${APP_NAME}`;
}

/** For a page whose title is its content (an image's name): it stays through a change of language. */
export function setOwnPageTitle(title: string): void {
  ownTitle = title;
  document.title = `${title} · ${APP_NAME}`;
}

/** The router with its guard: the session is restored before the first decision, so a reload keeps its page. */
export function createAppRouter(history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({
    history,
    routes,
    // A link to a section (/profile#two-step) scrolls to it.
    scrollBehavior: (to, _from, saved) => saved ?? (to.hash ? { el: to.hash } : { top: 0 }),
  });

  router.beforeEach(async (to) => {
    const auth = useAuthStore();
    await auth.restore();
    const refusal = refusalFor(to.meta.access ?? 'public', auth.user, to.fullPath);
    if (!refusal) return true;
    if (refusal.reason) useToastStore().info(refusal.reason);
    return refusal.redirect;
  });

  router.afterEach((to) => {
    ownTitle = undefined;
    document.title = pageTitle(to.meta.title);
  });
  return router;
}
