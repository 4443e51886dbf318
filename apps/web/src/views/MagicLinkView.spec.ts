import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rememberMagicLink } from '../composables/magic-links';
import { useAuthStore } from '../stores/auth';
import { fakeApi, problem, signedIn } from '../testing/fake-api';
import { passkeyOfferCases, signInThenPasskeyApi } from '../testing/passkey-offer-cases';
import { mountPage } from '../testing/mount-page';
import MagicLinkView from './MagicLinkView.vue';

const VERIFY = 'POST /api/v1/auth/magic-link/verify';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

/** Whether the (mocked) browser can make passkeys; jsdom itself cannot. */
const webAuthn = vi.hoisted(() => ({ supported: false }));
vi.mock('@simplewebauthn/browser', () => ({
  browserSupportsWebAuthn: () => webAuthn.supported,
  startRegistration: vi.fn(async () => ({ id: 'cred', rawId: 'cred', type: 'public-key', response: {} })),
}));

beforeEach(() => {
  localStorage.clear();
  webAuthn.supported = false;
});
afterEach(() => {
  document.body.innerHTML = '';
});

describe('MagicLinkView', () => {
  it('signs in only when the button is pressed, with the verifier this browser kept', async () => {
    rememberMagicLink('ada@example.com', VERIFIER);
    const fake = fakeApi({ [VERIFY]: () => ({ status: 200, body: signedIn('t') }) });
    const { wrapper, router } = await mountPage(MagicLinkView, '/magic-link?token=abc');
    expect(fake.to(VERIFY)).toHaveLength(0);
    expect(wrapper.text()).toContain('ada@example.com');

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(JSON.parse(fake.to(VERIFY)[0].body)).toEqual({
      token: 'abc',
      codeVerifier: VERIFIER,
      rememberMe: false,
      tokenDelivery: 'cookie',
    });
    expect(useAuthStore().isSignedIn).toBe(true);
    expect(localStorage.getItem('latchkey.magicLinks')).toBeNull();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'));
  });

  it('takes an account with two-step verification to the second step, the verifier spent', async () => {
    rememberMagicLink('ada@example.com', VERIFIER);
    fakeApi({
      [VERIFY]: () => ({
        status: 200,
        body: { mfaRequired: true, mfaToken: 'mfa-1', expiresIn: 300, methods: ['totp', 'recovery_code'] },
      }),
    });
    const { wrapper, router } = await mountPage(MagicLinkView, '/magic-link?token=abc');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(useAuthStore().isSignedIn).toBe(false);
    expect(useAuthStore().secondStep?.mfaToken).toBe('mfa-1');
    expect(localStorage.getItem('latchkey.magicLinks')).toBeNull();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('two-step'));
  });

  it('shows a refused link as a focused message with a way to ask again', async () => {
    rememberMagicLink('ada@example.com', VERIFIER);
    fakeApi({ [VERIFY]: () => ({ status: 400, body: problem(400, 'INVALID_TOKEN', 'This link is used.') }) });
    const { wrapper } = await mountPage(MagicLinkView, '/magic-link?token=abc');

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    const summary = wrapper.get('[role="alert"]');
    expect(summary.text()).toBe('This link is used.');
    expect(document.activeElement).toBe(summary.element);
    expect(wrapper.get('a[href="/login"]').text()).toMatch(/new link/);
  });

  it('in another browser, says where to open the link or type the code, and sends nothing', async () => {
    const fake = fakeApi({});
    const { wrapper } = await mountPage(MagicLinkView, '/magic-link?token=abc');

    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.get('[role="status"]').text()).toMatch(/another browser or on another device/);
    expect(wrapper.text()).toMatch(/type the 6-digit code/);
    expect(fake.requests).toHaveLength(0);
  });

  describe('the passkey offer after signing in', () => {
    passkeyOfferCases('magic-link', async (user, supported = true) => {
      webAuthn.supported = supported;
      rememberMagicLink('ada@example.com', VERIFIER);
      const fake = signInThenPasskeyApi(VERIFY, user);
      const page = await mountPage(MagicLinkView, '/magic-link?token=abc');
      await page.wrapper.get('form').trigger('submit');
      await flushPromises();
      return { ...page, fake };
    });
  });
});
