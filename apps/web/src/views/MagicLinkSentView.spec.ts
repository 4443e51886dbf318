import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rememberMagicLink } from '../composables/magic-links';
import { useAuthStore } from '../stores/auth';
import { fakeApi, signedIn } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import MagicLinkSentView from './MagicLinkSentView.vue';

const VERIFY = 'POST /api/v1/auth/magic-link/verify';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

async function typeCode(answer: unknown) {
  rememberMagicLink('ada@example.com', 'verifier-1');
  const api = fakeApi({ [VERIFY]: () => ({ status: 200, body: answer }) });
  const page = await mountPage(MagicLinkSentView, '/magic-link/sent?email=ada@example.com');
  await page.wrapper.get('#code').setValue(' 123456 ');
  await page.wrapper.get('form').trigger('submit');
  await flushPromises();
  return { ...page, api };
}

describe('MagicLinkSentView', () => {
  it('signs in with the typed code and this browser’s verifier', async () => {
    const { api, router } = await typeCode(signedIn('t'));
    expect(JSON.parse(api.to(VERIFY)[0]!.body)).toMatchObject({
      email: 'ada@example.com',
      code: '123456',
      codeVerifier: 'verifier-1',
    });
    expect(useAuthStore().isSignedIn).toBe(true);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'));
  });

  it('takes an account with two-step verification to the second step', async () => {
    const { router } = await typeCode({
      mfaRequired: true,
      mfaToken: 'mfa-1',
      expiresIn: 300,
      methods: ['totp', 'recovery_code'],
    });
    expect(useAuthStore().isSignedIn).toBe(false);
    expect(useAuthStore().secondStep?.mfaToken).toBe('mfa-1');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('two-step'));
  });
});
