import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from './api/client';
import App from './App.vue';
import { useAuthStore } from './stores/auth';
import { useToastStore } from './stores/toasts';
import { i18n } from './i18n';
import { fakeApi, image, problem, profile, restoredSession, signedIn } from './testing/fake-api';
import { mountPage } from './testing/mount-page';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('App', () => {
  it('sends the person to the login page, saying why, when the API ends the session mid-visit', async () => {
    localStorage.setItem('latchkey.session', '1');
    let refreshes = 0;
    fakeApi({
      // The reload's restore works; the next renewal is refused (the session was ended elsewhere).
      'POST /api/v1/auth/refresh': () =>
        ++refreshes === 1
          ? { status: 200, body: signedIn('t') }
          : { status: 401, body: problem(401, 'INVALID_REFRESH_TOKEN') },
      'GET /api/v1/users/me': () => ({ status: 401, body: problem(401, 'UNAUTHENTICATED') }),
    });
    const { router } = await mountPage(App, '/profile');
    expect(router.currentRoute.value.name).toBe('profile');

    await api.GET('/api/v1/users/me');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
    expect(router.currentRoute.value.query.redirect).toBe('/profile');
    expect(useAuthStore().isSignedIn).toBe(false);
    expect(useToastStore().toasts.map((toast) => toast.message)).toContain(
      'Your session has ended. Please log in again.',
    );
  });

  it('moves focus to the new page’s heading after an in-app navigation', async () => {
    fakeApi({ 'GET /api/v1/images/home': () => ({ status: 200, body: { items: [] } }) });
    const { wrapper, router } = await mountPage(App, '/');
    await router.push('/about');
    await flushPromises();
    await vi.waitFor(() => expect(document.activeElement).toBe(wrapper.get('#main h1').element));
    expect(document.activeElement?.textContent).toBe('About Latchkey');
  });

  it('speaks the account’s language after a reload, title included', async () => {
    fakeApi(restoredSession(profile({ locale: 'de' })));
    const { wrapper } = await mountPage(App, '/about');
    await vi.waitFor(() => expect(wrapper.get('#main h1').text()).toBe('Über Latchkey'));
    expect(document.documentElement.lang).toBe('de');
    expect(document.title).toBe('Über Latchkey · Latchkey');
    expect(wrapper.get('.skip-link').text()).toBe('Zum Inhalt springen');
  });

  it('keeps a page’s own title (an image’s name) through a change of language, and drops it on leaving', async () => {
    const shown = image({ name: 'Tabby' });
    fakeApi({
      ...restoredSession(profile()),
      [`GET /api/v1/images/${shown.id}`]: () => ({ status: 200, body: shown }),
    });
    const { wrapper, router } = await mountPage(App, `/images/${shown.id}`);
    await vi.waitFor(() => expect(wrapper.get('#main h1').text()).toBe('Tabby'));
    expect(document.title).toBe('Tabby · Latchkey');

    i18n.global.locale.value = 'de';
    await flushPromises();
    expect(document.title).toBe('Tabby · Latchkey');

    await router.push('/about');
    await flushPromises();
    expect(document.title).toBe('Über Latchkey · Latchkey');
  });
});
