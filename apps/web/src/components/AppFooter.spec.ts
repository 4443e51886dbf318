import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { useLanguage } from '../composables/useLanguage';
import { useAuthStore } from '../stores/auth';
import { useToastStore } from '../stores/toasts';
import { fakeApi, problem, profile, restoredSession } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import AppFooter from './AppFooter.vue';

/** The footer under the app's root behaviour of following the account's language. */
const Shell = defineComponent(() => {
  useLanguage().followAccount();
  return () => h(AppFooter);
});

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('the language switch in the footer', () => {
  it('switches a guest to German and remembers it in this browser only', async () => {
    const api = fakeApi({});
    const { wrapper } = await mountPage(Shell);
    expect(wrapper.get('label[for="language"]').text()).toBe('Language');

    await wrapper.get('select#language').setValue('de');
    await flushPromises();

    expect(wrapper.get('label[for="language"]').text()).toBe('Sprache');
    expect(wrapper.get('nav').attributes('aria-label')).toBe('Fußzeile');
    expect(document.documentElement.lang).toBe('de');
    expect(localStorage.getItem('latchkey.locale')).toBe('de');
    expect(api.requests).toEqual([]);
  });

  it('names each language in itself', async () => {
    fakeApi({});
    const { wrapper } = await mountPage(Shell);
    const options = wrapper.findAll('option').map((option) => [option.attributes('lang'), option.text()]);
    expect(options).toEqual([
      ['en', 'English'],
      ['de', 'Deutsch'],
    ]);
  });

  it('saves the choice on the account when signed in', async () => {
    const api = fakeApi({
      ...restoredSession(),
      'PATCH /api/v1/users/me': async (request) => ({
        status: 200,
        body: profile({ ...((await request.json()) as object) }),
      }),
    });
    const { wrapper } = await mountPage(Shell);
    await wrapper.get('select#language').setValue('de');
    await flushPromises();

    expect(api.to('PATCH /api/v1/users/me').map((request) => JSON.parse(request.body))).toEqual([
      { locale: 'de' },
    ]);
    expect(useAuthStore().user?.locale).toBe('de');
    expect(document.documentElement.lang).toBe('de');
  });

  it('keeps the new language here and says so when the account could not be updated', async () => {
    fakeApi({
      ...restoredSession(),
      'PATCH /api/v1/users/me': () => ({ status: 500, body: problem(500, 'INTERNAL') }),
    });
    const { wrapper } = await mountPage(Shell);
    await wrapper.get('select#language').setValue('de');
    await flushPromises();

    expect(document.documentElement.lang).toBe('de');
    expect(useToastStore().toasts.map((toast) => toast.kind)).toEqual(['error']);
  });

  it('follows the account’s language once signed in, over the browser’s own choice', async () => {
    localStorage.setItem('latchkey.locale', 'en');
    fakeApi(restoredSession(profile({ locale: 'de' })));
    const { wrapper } = await mountPage(Shell);
    expect(document.documentElement.lang).toBe('de');
    expect(wrapper.get('label[for="language"]').text()).toBe('Sprache');
  });
});
