import { flushPromises } from '@vue/test-utils';
import { expect, it, vi } from 'vitest';
import { useAuthStore } from '../stores/auth';
import { fakeApi, profile, signedIn, type FakeRoutes } from './fake-api';
import type { mountPage } from './mount-page';

const REGISTRATION = 'POST /api/v1/auth/passkeys/registration';
type Page = Awaited<ReturnType<typeof mountPage>>;

/**
 * The API of a passwordless sign-in (`verifyRoute` answers with `user`) and of adding a passkey after it.
 */
export function signInThenPasskeyApi(verifyRoute: string, user = profile({ hasPassword: false })) {
  const routes: FakeRoutes = {
    [verifyRoute]: () => ({ status: 200, body: signedIn('t', user) }),
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
  };
  return fakeApi(routes);
}

/**
 * The passkey offer's behaviour after a passwordless sign-in (components/PasskeyOffer.vue), the same on
 * every page that signs in so. `signIn` signs in on that page (`route`), for `user`, in a browser that can
 * make passkeys unless `supported` is false.
 */
export function passkeyOfferCases(
  route: string,
  signIn: (
    user?: ReturnType<typeof profile>,
    supported?: boolean,
  ) => Promise<Page & { fake: ReturnType<typeof fakeApi> }>,
) {
  it('offers a passkey to an account without one, its heading focused for screen readers', async () => {
    const { wrapper, router } = await signIn();

    const heading = wrapper.get('#passkey-offer-title');
    expect(heading.text()).toMatch(/sign in faster/i);
    expect(document.activeElement).toBe(heading.element);
    expect(router.currentRoute.value.name).toBe(route);
  });

  it('adds a passkey, counts it, and goes on', async () => {
    const { wrapper, router, fake } = await signIn();

    await wrapper.get('button.button:not(.button--secondary)').trigger('click');
    await flushPromises();

    expect(fake.to(REGISTRATION)).toHaveLength(1);
    expect(useAuthStore().user?.passkeyCount).toBe(1);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'));
  });

  it('remembers "Not now" for this account in this browser', async () => {
    const first = await signIn();
    await first.wrapper.get('button.button--secondary').trigger('click');
    await vi.waitFor(() => expect(first.router.currentRoute.value.name).toBe('home'));
    first.wrapper.unmount();

    const again = await signIn();

    expect(again.wrapper.find('#passkey-offer-title').exists()).toBe(false);
    await vi.waitFor(() => expect(again.router.currentRoute.value.name).toBe('home'));
  });

  it.each([
    ['an account that has a passkey', profile({ passkeyCount: 1 }), true],
    ['a browser without WebAuthn', profile(), false],
  ])('offers nothing to %s', async (_label, user, supported) => {
    const { wrapper, router } = await signIn(user, supported);

    expect(wrapper.find('#passkey-offer-title').exists()).toBe(false);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'));
  });
}
