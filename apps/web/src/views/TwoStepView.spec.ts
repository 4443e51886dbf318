import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { secondStepGone, useAuthStore } from '../stores/auth';
import { useToastStore } from '../stores/toasts';
import { fakeApi, problem, signedIn, type FakeRoutes } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import TwoStepView from './TwoStepView.vue';

const VERIFY = 'POST /api/v1/auth/mfa/verify';
const MFA_TOKEN = 'mfa-token-1';

beforeEach(() => localStorage.clear());
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

const wrongCode = (triesLeft: number) => ({
  status: 401,
  body: { ...problem(401, 'INVALID_MFA_CODE', 'The code is wrong.'), triesLeft },
});

/** The page after a correct password: the store holds the step, as the login page leaves it. */
async function secondStepPage(routes: FakeRoutes, { expiresInMs = 300_000, path = '/login/two-step' } = {}) {
  const api = fakeApi(routes);
  const page = await mountPage(TwoStepView, path);
  const auth = useAuthStore();
  auth.secondStep = {
    mfaToken: MFA_TOKEN,
    methods: ['totp', 'recovery_code'],
    expiresAt: Date.now() + expiresInMs,
  };
  await flushPromises();
  return { ...page, api, auth };
}

async function submitCode(wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], code: string) {
  await wrapper.get('#second-step-code').setValue(code);
  await wrapper.get('form').trigger('submit');
  await flushPromises();
}

describe('TwoStepView', () => {
  it('signs in with the app’s code and goes where the login page was sent from', async () => {
    const { wrapper, router, api, auth } = await secondStepPage(
      { [VERIFY]: () => ({ status: 200, body: signedIn('token-2') }) },
      { path: '/login/two-step?redirect=/about' },
    );
    expect(wrapper.get('label[for="second-step-code"]').text()).toContain('Code from the app');
    expect(wrapper.get('#second-step-code').attributes('autocomplete')).toBe('one-time-code');

    await submitCode(wrapper, ' 492 039 ');

    expect(JSON.parse(api.to(VERIFY)[0]!.body)).toEqual({ mfaToken: MFA_TOKEN, code: '492039' });
    expect(auth.accessToken).toBe('token-2');
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/about'));
  });

  it('says a code is wrong beside the field, with the tries left, and focuses it', async () => {
    const { wrapper, auth } = await secondStepPage({ [VERIFY]: () => wrongCode(3) });

    await submitCode(wrapper, '000000');

    const field = wrapper.get('#second-step-code');
    expect(field.attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#second-step-code-error').text()).toContain('That code is wrong or used already.');
    expect(wrapper.get('[role="alert"]').text()).toContain('You have 3 more tries.');
    expect(document.activeElement).toBe(field.element);
    expect(auth.secondStep).not.toBeNull();
  });

  it('switches to a recovery code, sent as such, and says one try is left in the singular', async () => {
    const { wrapper, api } = await secondStepPage({ [VERIFY]: () => wrongCode(1) });

    await wrapper.get('button[type="button"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('label[for="second-step-code"]').text()).toContain('Recovery code');
    expect(document.activeElement).toBe(wrapper.get('#second-step-code').element);

    await submitCode(wrapper, ' 7kq2-m9xd-3fpa-tz0c ');

    expect(JSON.parse(api.to(VERIFY)[0]!.body)).toEqual({
      mfaToken: MFA_TOKEN,
      recoveryCode: '7kq2-m9xd-3fpa-tz0c',
    });
    expect(wrapper.get('[role="alert"]').text()).toBe(
      'That recovery code is wrong or used already. You have 1 more try.',
    );
  });

  it('sends the person back to log in after the last wrong code, saying why', async () => {
    const { wrapper, router } = await secondStepPage(
      { [VERIFY]: () => wrongCode(0) },
      { path: '/login/two-step?redirect=/upload' },
    );

    await submitCode(wrapper, '000000');

    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/upload'));
    expect(useToastStore().toasts.map((toast) => toast.message)).toEqual([
      'That was the last try for this sign-in. Sign in again.',
    ]);
    expect(useAuthStore().secondStep).toBeNull();
  });

  it('goes back to log in when the step expires while waiting', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { router, api } = await secondStepPage({}, { expiresInMs: 300_000 });

    await vi.advanceTimersByTimeAsync(299_000);
    expect(router.currentRoute.value.name).toBe('two-step');
    await vi.advanceTimersByTimeAsync(1_000);
    vi.useRealTimers();

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
    expect(useToastStore().toasts.map((toast) => toast.message)).toEqual([secondStepGone()]);
    expect(api.requests).toEqual([]);
  });

  it('opened without a step (a reload forgets it), says where to start', async () => {
    fakeApi({});
    const { wrapper } = await mountPage(TwoStepView, '/login/two-step');
    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.get('[role="status"]').text()).toContain('This step comes after your password');
    expect(wrapper.get('[role="status"] a').attributes('href')).toBe('/login');
  });
});
