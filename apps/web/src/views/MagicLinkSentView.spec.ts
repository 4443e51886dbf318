import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rememberMagicLink } from '../composables/magic-links';
import { useAuthStore } from '../stores/auth';
import { fakeApi, type profile } from '../testing/fake-api';
import { passkeyOfferCases, signInThenPasskeyApi } from '../testing/passkey-offer-cases';
import { mountPage } from '../testing/mount-page';
import MagicLinkSentView from './MagicLinkSentView.vue';

const VERIFY = 'POST /api/v1/auth/magic-link/verify';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

/** Whether the (mocked) browser can make passkeys; jsdom itself cannot. */
const webAuthn = vi.hoisted(() => ({ supported: false }));
vi.mock('@simplewebauthn/browser', () => ({
  browserSupportsWebAuthn: () => webAuthn.supported,
  startRegistration: vi.fn(async () => ({ id: 'cred', rawId: 'cred', type: 'public-key', response: {} })),
}));

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

/** Signs in with the code typed on this page, for an address this browser asked a link for. */
async function signInWithCode(user?: ReturnType<typeof profile>, supported = true) {
  webAuthn.supported = supported;
  rememberMagicLink('ada@example.com', VERIFIER);
  const fake = signInThenPasskeyApi(VERIFY, user);
  const page = await mountPage(MagicLinkSentView, '/magic-link/sent?email=ada%40example.com');
  await page.wrapper.get('#code').setValue(' 123456 ');
  await page.wrapper.get('form').trigger('submit');
  await flushPromises();
  return { ...page, fake };
}

describe('MagicLinkSentView', () => {
  it('signs in with the typed code and this browser’s verifier', async () => {
    const { fake } = await signInWithCode();

    expect(JSON.parse(fake.to(VERIFY)[0].body)).toEqual({
      email: 'ada@example.com',
      code: '123456',
      codeVerifier: VERIFIER,
      rememberMe: false,
      tokenDelivery: 'cookie',
    });
    expect(useAuthStore().isSignedIn).toBe(true);
  });

  it('takes an account with two-step verification to the second step', async () => {
    rememberMagicLink('ada@example.com', VERIFIER);
    fakeApi({
      [VERIFY]: () => ({
        status: 200,
        body: { mfaRequired: true, mfaToken: 'mfa-1', expiresIn: 300, methods: ['totp', 'recovery_code'] },
      }),
    });
    const { wrapper, router } = await mountPage(
      MagicLinkSentView,
      '/magic-link/sent?email=ada%40example.com',
    );
    await wrapper.get('#code').setValue('123456');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(useAuthStore().isSignedIn).toBe(false);
    expect(useAuthStore().secondStep?.mfaToken).toBe('mfa-1');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('two-step'));
  });

  describe('the passkey offer after signing in', () => {
    passkeyOfferCases('magic-link-sent', signInWithCode);
  });

  it('says, focused, when this browser never asked for the address, and sends nothing', async () => {
    const fake = fakeApi({});
    const { wrapper } = await mountPage(MagicLinkSentView, '/magic-link/sent');

    await wrapper.get('#email').setValue('bob@example.com');
    await wrapper.get('#code').setValue('123456');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    const summary = wrapper.get('[role="alert"]');
    expect(summary.text()).toMatch(/did not ask for a link for that address/);
    expect(document.activeElement).toBe(summary.element);
    expect(fake.requests).toHaveLength(0);
  });
});
