import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rememberMagicLink } from '../composables/magic-links';
import { useAuthStore } from '../stores/auth';
import { fakeApi, profile, signedIn } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import MagicLinkSentView from './MagicLinkSentView.vue';

const VERIFY = 'POST /api/v1/auth/magic-link/verify';
const REGISTRATION = 'POST /api/v1/auth/passkeys/registration';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

/** Whether the (mocked) browser can make passkeys; jsdom itself cannot. */
const webAuthn = vi.hoisted(() => ({ supported: false }));
vi.mock('@simplewebauthn/browser', () => ({
  browserSupportsWebAuthn: () => webAuthn.supported,
  startRegistration: vi.fn(async () => ({ id: 'cred', rawId: 'cred', type: 'public-key', response: {} })),
}));

beforeEach(() => {
  localStorage.clear();
  webAuthn.supported = true;
});
afterEach(() => {
  document.body.innerHTML = '';
});

/** Signs in with the code typed on this page, for an address this browser asked a link for. */
async function signInWithCode(user = profile({ hasPassword: false })) {
  rememberMagicLink('ada@example.com', VERIFIER);
  const fake = fakeApi({
    [VERIFY]: () => ({ status: 200, body: signedIn('t', user) }),
    'POST /api/v1/auth/passkeys/registration/options': () => ({
      status: 200,
      body: { challengeId: '33333333-3333-4333-8333-333333333333', options: { challenge: 'abc' } },
    }),
    [REGISTRATION]: () => ({
      status: 201,
      body: {
        passkey: {
          id: '22222222-2222-4222-8222-222222222222',
          name: 'Chrome on Linux',
          createdAt: '2026-11-20T08:15:00.000Z',
          lastUsedAt: null,
          backedUp: true,
          deviceType: 'multiDevice',
        },
      },
    }),
  });
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

  it('then offers a passkey, its heading focused, and adds one', async () => {
    const { wrapper, router, fake } = await signInWithCode();

    const heading = wrapper.get('#passkey-offer-title');
    expect(document.activeElement).toBe(heading.element);
    expect(router.currentRoute.value.name).toBe('magic-link-sent');

    await wrapper.get('button.button:not(.button--secondary)').trigger('click');
    await flushPromises();

    expect(fake.to(REGISTRATION)).toHaveLength(1);
    expect(useAuthStore().user?.passkeyCount).toBe(1);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'));
  });

  it('goes on with "Not now", and does not offer again in this browser', async () => {
    const first = await signInWithCode();
    await first.wrapper.get('button.button--secondary').trigger('click');
    await vi.waitFor(() => expect(first.router.currentRoute.value.name).toBe('home'));
    first.wrapper.unmount();

    const again = await signInWithCode();

    expect(again.wrapper.find('#passkey-offer-title').exists()).toBe(false);
    await vi.waitFor(() => expect(again.router.currentRoute.value.name).toBe('home'));
  });

  it.each([
    ['an account that has a passkey', profile({ passkeyCount: 2 }), true],
    ['a browser without WebAuthn', profile(), false],
  ])('offers nothing to %s', async (_label, user, supported) => {
    webAuthn.supported = supported;
    const { wrapper, router } = await signInWithCode(user);

    expect(wrapper.find('#passkey-offer-title').exists()).toBe(false);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'));
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
