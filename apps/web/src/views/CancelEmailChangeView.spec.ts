import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import CancelEmailChangeView from './CancelEmailChangeView.vue';

const CANCEL = 'POST /api/v1/auth/email/change/cancel';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('CancelEmailChangeView', () => {
  it('spends the token only on the button press, then sends the person to reset the password', async () => {
    const api = fakeApi({ [CANCEL]: () => ({ status: 204 }) });
    const { wrapper } = await mountPage(CancelEmailChangeView, '/cancel-email-change?token=abc');
    await flushPromises();
    expect(api.to(CANCEL)).toHaveLength(0);

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(JSON.parse(api.to(CANCEL)[0].body)).toEqual({ token: 'abc' });
    expect(wrapper.get('[role="status"]').text()).toContain('every device is signed out');
    expect(wrapper.get('a.button').attributes('href')).toBe('/forgot-password');
  });

  it('shows why a used link failed, and still points to the password reset', async () => {
    fakeApi({
      [CANCEL]: () => ({
        status: 400,
        body: problem(400, 'INVALID_TOKEN', 'This link is invalid, already used or expired.'),
      }),
    });
    const { wrapper } = await mountPage(CancelEmailChangeView, '/cancel-email-change?token=used');

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.text()).toContain('This link is invalid, already used or expired.');
    expect(wrapper.find('a[href="/forgot-password"]').exists()).toBe(true);
  });

  it('without a token offers no button, only the reset', async () => {
    fakeApi({});
    const { wrapper } = await mountPage(CancelEmailChangeView, '/cancel-email-change');
    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.find('a[href="/forgot-password"]').exists()).toBe(true);
  });
});
