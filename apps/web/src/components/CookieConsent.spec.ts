import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { fakeApi } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import AppFooter from './AppFooter.vue';
import CookieConsent from './CookieConsent.vue';

const Shell = defineComponent(() => () => [
  h('main', { id: 'main', tabindex: -1 }),
  h(AppFooter),
  h(CookieConsent),
]);

beforeEach(() => {
  localStorage.clear();
  fakeApi({});
});
afterEach(() => {
  document.body.innerHTML = '';
});

describe('the cookie consent banner', () => {
  it('shows until a choice is made, and remembers the choice', async () => {
    const { wrapper } = await mountPage(Shell);
    expect(wrapper.find('.consent').exists()).toBe(true);
    await wrapper.get('.consent button.button--secondary').trigger('click');
    expect(wrapper.find('.consent').exists()).toBe(false);
    expect(localStorage.getItem('latchkey.cookie-consent')).toBe('essential');
  });

  it('stays hidden on the next visit once chosen', async () => {
    localStorage.setItem('latchkey.cookie-consent', 'all');
    const { wrapper } = await mountPage(Shell);
    expect(wrapper.find('.consent').exists()).toBe(false);
  });

  it('reopens from the footer with focus on it, and a new choice replaces the old one', async () => {
    localStorage.setItem('latchkey.cookie-consent', 'essential');
    const { wrapper } = await mountPage(Shell);
    const reopen = wrapper.findAll('footer button').find((button) => button.text() === 'Cookie settings');
    await reopen!.trigger('click');
    await flushPromises();
    expect(wrapper.find('.consent').exists()).toBe(true);
    expect(document.activeElement?.id).toBe('consent-title');
    const allowAll = wrapper.findAll('.consent button').find((button) => button.text() === 'Allow all');
    await allowAll!.trigger('click');
    expect(localStorage.getItem('latchkey.cookie-consent')).toBe('all');
    expect(document.activeElement?.id).toBe('main');
  });
});
