import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import PasskeysSection from './PasskeysSection.vue';

const PHONE = '11111111-1111-4111-8111-111111111111';
const RENAME = `PATCH /api/v1/users/me/passkeys/${PHONE}`;
const phone = {
  id: PHONE,
  name: 'Phone',
  createdAt: '2026-11-20T08:15:00.000Z',
  lastUsedAt: null,
  backedUp: true,
  deviceType: 'multiDevice',
};

vi.mock('@simplewebauthn/browser', () => ({ browserSupportsWebAuthn: () => true }));

async function section(rename: () => { status: number; body?: unknown }) {
  fakeApi({ 'GET /api/v1/users/me/passkeys': () => ({ status: 200, body: [phone] }), [RENAME]: rename });
  const wrapper = mount(PasskeysSection, { attachTo: document.body });
  await flushPromises();
  await wrapper.get(`#passkey-rename-${PHONE}`).trigger('click');
  await flushPromises();
  return wrapper;
}

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => {
  document.body.innerHTML = '';
});

describe('PasskeysSection, by keyboard', () => {
  it('moves focus into the name field on "Rename", and back to that button after saving', async () => {
    const wrapper = await section(() => ({ status: 200, body: { ...phone, name: 'My phone' } }));
    const field = wrapper.get(`#passkey-name-${PHONE}`);
    expect(document.activeElement).toBe(field.element);

    await field.setValue('My phone');
    await wrapper.get('form.inline-form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('h3').text()).toBe('My phone');
    expect(document.activeElement).toBe(wrapper.get(`#passkey-rename-${PHONE}`).element);
  });

  it('moves focus back to "Rename" on cancel, and to the error when saving fails', async () => {
    const failing = await section(() => ({
      status: 400,
      body: problem(400, 'VALIDATION_FAILED', 'Too long.'),
    }));
    await failing.get('form.inline-form').trigger('submit');
    await flushPromises();
    const error = failing.get('[role="alert"]');
    expect(error.text()).toBe('Too long.');
    expect(document.activeElement).toBe(error.element);

    await failing.get('form.inline-form button[type="button"]').trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(failing.get(`#passkey-rename-${PHONE}`).element);
  });
});
