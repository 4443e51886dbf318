import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../stores/auth';
import { fakeApi, problem, signedIn } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import LoginView from './LoginView.vue';

const LOGIN = 'POST /api/v1/auth/login';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

async function fillAndSubmit(wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], email: string) {
  await wrapper.get('#email').setValue(email);
  await wrapper.get('#password').setValue('lantern quietly orbiting plums');
  await wrapper.get('form').trigger('submit');
  await flushPromises();
}

describe('LoginView', () => {
  it('shows the API field errors beside their fields and moves focus to the first one', async () => {
    fakeApi({
      [LOGIN]: () => ({
        status: 400,
        body: problem(400, 'VALIDATION_FAILED', 'Some fields are missing or invalid.', [
          { field: 'email', code: 'IS_EMAIL', message: 'Enter a valid email address.' },
        ]),
      }),
    });
    const { wrapper } = await mountPage(LoginView, '/login');
    await fillAndSubmit(wrapper, 'not-an-address');

    const email = wrapper.get('#email');
    expect(email.attributes('aria-invalid')).toBe('true');
    expect(email.attributes('aria-describedby')).toBe('email-error');
    expect(wrapper.get('#email-error').text()).toBe('Enter a valid email address.');
    expect(wrapper.get('#password').attributes('aria-invalid')).toBeUndefined();
    expect(wrapper.get('[role="alert"]').text()).toBe('Some fields are missing or invalid.');
    expect(document.activeElement).toBe(email.element);
  });

  it('shows a wrong password as a message for the whole form, focused', async () => {
    fakeApi({
      [LOGIN]: () => ({
        status: 401,
        body: problem(401, 'INVALID_CREDENTIALS', 'The email address or password is wrong.'),
      }),
    });
    const { wrapper } = await mountPage(LoginView, '/login');
    await fillAndSubmit(wrapper, 'ada@example.com');
    const summary = wrapper.get('[role="alert"]');
    expect(summary.text()).toBe('The email address or password is wrong.');
    expect(document.activeElement).toBe(summary.element);
    expect(wrapper.find('[aria-invalid="true"]').exists()).toBe(false);
  });

  it('logs in with remember me and goes where the guard sent the person from', async () => {
    const fake = fakeApi({ [LOGIN]: () => ({ status: 200, body: signedIn('t') }) });
    const { wrapper, router } = await mountPage(LoginView, '/login?redirect=/profile');
    await wrapper.get('#remember-me').setValue(true);
    await fillAndSubmit(wrapper, '  ada@example.com ');
    expect(JSON.parse(fake.to(LOGIN)[0].body)).toMatchObject({ email: 'ada@example.com', rememberMe: true });
    expect(useAuthStore().isSignedIn).toBe(true);
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/profile'));
  });

  it('takes an account with two-step verification to the second step, keeping where it was going', async () => {
    fakeApi({
      [LOGIN]: () => ({
        status: 200,
        body: { mfaRequired: true, mfaToken: 'mfa-1', expiresIn: 300, methods: ['totp', 'recovery_code'] },
      }),
    });
    const { wrapper, router } = await mountPage(LoginView, '/login?redirect=/profile');
    await fillAndSubmit(wrapper, 'ada@example.com');
    const auth = useAuthStore();
    expect(auth.isSignedIn).toBe(false);
    expect(auth.secondStep?.mfaToken).toBe('mfa-1');
    await vi.waitFor(() =>
      expect(router.currentRoute.value.fullPath).toBe('/login/two-step?redirect=/profile'),
    );
  });

  it('clears old errors when the next attempt succeeds', async () => {
    let attempts = 0;
    fakeApi({
      [LOGIN]: () =>
        ++attempts === 1
          ? { status: 401, body: problem(401, 'INVALID_CREDENTIALS', 'Wrong.') }
          : { status: 200, body: signedIn('t') },
    });
    const { wrapper } = await mountPage(LoginView, '/login');
    await fillAndSubmit(wrapper, 'ada@example.com');
    expect(wrapper.find('[role="alert"]').exists()).toBe(true);
    await fillAndSubmit(wrapper, 'ada@example.com');
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });
});
