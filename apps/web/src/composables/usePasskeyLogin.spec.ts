import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../stores/auth';
import { fakeApi, problem, signedIn, type Handled } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import LoginView from '../views/LoginView.vue';

/**
 * The browser's side of WebAuthn, as @simplewebauthn/browser shows it: one ceremony at a time (a new one
 * aborts the one pending, as its WebAuthnAbortService does), autofill requests wait until the test picks a
 * passkey, and prompts answer at once or are cancelled, as `prompt` says.
 */
const browser = vi.hoisted(() => {
  interface Ceremony {
    challenge: string;
    autofill: boolean;
    resolve: (credential: unknown) => void;
    reject: (error: Error) => void;
  }
  const named = (name: string) => Object.assign(new Error(name), { name });
  const state = {
    autofill: true,
    prompt: 'answer' as 'answer' | 'cancel',
    pending: undefined as Ceremony | undefined,
    ceremonies: [] as { challenge: string; autofill: boolean }[],
    credential: { id: 'cred', rawId: 'cred', type: 'public-key', response: {}, clientExtensionResults: {} },
    abort() {
      state.pending?.reject(named('AbortError'));
      state.pending = undefined;
    },
    /** The person picks the passkey the email field offers. */
    pick() {
      const ceremony = state.pending;
      if (!ceremony?.autofill) throw new Error('no autofill request is pending');
      state.pending = undefined;
      ceremony.resolve(state.credential);
    },
    start({
      optionsJSON,
      useBrowserAutofill,
    }: {
      optionsJSON: { challenge: string };
      useBrowserAutofill?: boolean;
    }) {
      state.abort();
      const autofill = useBrowserAutofill ?? false;
      state.ceremonies.push({ challenge: optionsJSON.challenge, autofill });
      if (!autofill) {
        return state.prompt === 'answer'
          ? Promise.resolve(state.credential)
          : Promise.reject(named('NotAllowedError'));
      }
      return new Promise((resolve, reject) => {
        state.pending = { challenge: optionsJSON.challenge, autofill, resolve, reject };
      });
    },
  };
  return state;
});
vi.mock('@simplewebauthn/browser', () => ({
  browserSupportsWebAuthn: () => true,
  browserSupportsWebAuthnAutofill: async () => browser.autofill,
  startAuthentication: (options: never) => browser.start(options),
  WebAuthnAbortService: { cancelCeremony: () => browser.abort() },
}));

const OPTIONS = 'POST /api/v1/auth/passkeys/authentication/options';
const AUTHENTICATION = 'POST /api/v1/auth/passkeys/authentication';
const FIVE_MINUTES = 5 * 60 * 1000;

/** The API: numbered challenges, and a sign-in answer the test may replace. */
function api(signIn: () => Handled = () => ({ status: 200, body: signedIn('t') })) {
  let issued = 0;
  return fakeApi({
    [OPTIONS]: () => {
      issued += 1;
      return {
        status: 200,
        body: {
          challengeId: `id-${issued}`,
          options: { challenge: `challenge-${issued}`, timeout: FIVE_MINUTES },
        },
      };
    },
    [AUTHENTICATION]: signIn,
  });
}

/** Pages still mounted: each listens for the page's visibility until unmounted. */
let pages: Awaited<ReturnType<typeof mountPage>>['wrapper'][] = [];

async function openLogin(path = '/login') {
  const page = await mountPage(LoginView, path);
  pages.push(page.wrapper);
  return page;
}

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  localStorage.clear();
  Object.assign(browser, { autofill: true, prompt: 'answer', pending: undefined, ceremonies: [] });
  setVisibility('visible');
});
afterEach(() => {
  for (const page of pages) page.unmount();
  pages = [];
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('passkey sign-in on the login page', () => {
  it('asks for one challenge and offers the passkeys as the email field’s autofill', async () => {
    const fake = api();
    const { wrapper } = await openLogin();

    expect(wrapper.get('#email').attributes('autocomplete')).toBe('username webauthn');
    expect(fake.to(OPTIONS)).toHaveLength(1);
    expect(browser.ceremonies).toEqual([{ challenge: 'challenge-1', autofill: true }]);
    expect(fake.to(AUTHENTICATION)).toHaveLength(0);
  });

  it('signs in with the passkey picked from the autofill, like the button', async () => {
    const fake = api();
    const { wrapper, router } = await openLogin('/login?redirect=/profile');
    await wrapper.get('#remember-me').setValue(true);

    browser.pick();
    await flushPromises();

    expect(JSON.parse(fake.to(AUTHENTICATION)[0].body)).toMatchObject({
      challengeId: 'id-1',
      response: { id: 'cred' },
      rememberMe: true,
      tokenDelivery: 'cookie',
    });
    expect(useAuthStore().isSignedIn).toBe(true);
    // The profile page loads lazily: on a busy machine that takes longer than waitFor's default second.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/profile'), { timeout: 5000 });
    expect(fake.to(OPTIONS)).toHaveLength(1);
  });

  it('lets the button take over the pending autofill request and its challenge', async () => {
    const fake = api();
    const { wrapper, router } = await openLogin();

    await wrapper.get('#passkey-login button').trigger('click');
    await flushPromises();

    expect(browser.ceremonies).toEqual([
      { challenge: 'challenge-1', autofill: true },
      { challenge: 'challenge-1', autofill: false },
    ]);
    expect(fake.to(OPTIONS)).toHaveLength(1);
    expect(JSON.parse(fake.to(AUTHENTICATION)[0].body)).toMatchObject({ challengeId: 'id-1' });
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'));
  });

  it('says a cancelled prompt, focused, and hands the same challenge back to the autofill', async () => {
    const fake = api();
    const { wrapper } = await openLogin();
    browser.prompt = 'cancel';

    await wrapper.get('#passkey-login button').trigger('click');
    await flushPromises();

    const error = wrapper.get('#passkey-login [role="alert"]');
    expect(error.text()).toMatch(/cancelled or timed out/);
    expect(document.activeElement).toBe(error.element);
    expect(browser.ceremonies.map(({ challenge }) => challenge)).toEqual([
      'challenge-1',
      'challenge-1',
      'challenge-1',
    ]);
    expect(browser.pending?.autofill).toBe(true);
    expect(fake.to(OPTIONS)).toHaveLength(1);
  });

  it('shows a refused passkey the person picked, then autofills with a new challenge', async () => {
    const fake = api(() => ({
      status: 401,
      body: problem(401, 'INVALID_CREDENTIALS', 'That passkey is not known here.'),
    }));
    const { wrapper } = await openLogin();

    browser.pick();
    await flushPromises();

    const error = wrapper.get('#passkey-login [role="alert"]');
    expect(error.text()).toBe('That passkey is not known here.');
    expect(document.activeElement).toBe(error.element);
    expect(fake.to(OPTIONS)).toHaveLength(2);
    expect(browser.pending).toMatchObject({ challenge: 'challenge-2', autofill: true });
  });

  it('stays silent when the autofill request ends before anyone picked, or no challenge came', async () => {
    const throttled = fakeApi({
      [OPTIONS]: () => ({ status: 429, body: problem(429, 'TOO_MANY_REQUESTS', 'Too many requests.') }),
    });
    const { wrapper } = await openLogin();
    expect(throttled.to(OPTIONS)).toHaveLength(1);
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    api();
    const again = await openLogin();
    browser.abort();
    await flushPromises();
    expect(again.wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it('aborts the autofill request when the page is left', async () => {
    api();
    await openLogin();
    expect(browser.pending).toBeDefined();

    pages.pop()!.unmount();

    expect(browser.pending).toBeUndefined();
  });

  it('renews an expiring challenge while the page is in view, and waits while it is hidden', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fake = api();
    await openLogin();

    await vi.advanceTimersByTimeAsync(FIVE_MINUTES - 31_000);
    expect(fake.to(OPTIONS)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    await flushPromises();
    expect(fake.to(OPTIONS)).toHaveLength(2);
    expect(browser.pending).toMatchObject({ challenge: 'challenge-2', autofill: true });

    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(FIVE_MINUTES);
    await flushPromises();
    expect(fake.to(OPTIONS)).toHaveLength(2);

    setVisibility('visible');
    await flushPromises();
    expect(fake.to(OPTIONS)).toHaveLength(3);
    expect(browser.pending).toMatchObject({ challenge: 'challenge-3', autofill: true });
  });

  it('without autofill in this browser, asks for a challenge only when the button is pressed', async () => {
    browser.autofill = false;
    const fake = api();
    const { wrapper } = await openLogin();
    expect(fake.to(OPTIONS)).toHaveLength(0);

    await wrapper.get('#passkey-login button').trigger('click');
    await flushPromises();

    expect(browser.ceremonies).toEqual([{ challenge: 'challenge-1', autofill: false }]);
    expect(useAuthStore().isSignedIn).toBe(true);
  });
});
