import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../stores/auth';
import { fakeApi, problem, profile, signedIn } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import SignUpView from './SignUpView.vue';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('SignUpView', () => {
  it('maps password and nickname errors to their fields', async () => {
    fakeApi({
      'POST /api/v1/auth/signup': () => ({
        status: 400,
        body: problem(400, 'VALIDATION_FAILED', 'The password cannot be used.', [
          { field: 'password', code: 'PASSWORD_TOO_COMMON', message: 'This password appears in lists.' },
          { field: 'nickname', code: 'MATCHES', message: 'Use letters, digits and dashes.' },
        ]),
      }),
    });
    const { wrapper } = await mountPage(SignUpView, '/signup');
    await wrapper.get('#email').setValue('ada@example.com');
    await wrapper.get('#password').setValue('password1234567');
    await wrapper.get('#nickname').setValue('ada lovelace!');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#password-error').text()).toBe('This password appears in lists.');
    expect(wrapper.get('#nickname-error').text()).toBe('Use letters, digits and dashes.');
    expect(wrapper.get('#nickname').attributes('aria-describedby')).toBe('nickname-hint nickname-error');
    expect(document.activeElement).toBe(wrapper.get('#password').element);
  });

  it('leaves an empty nickname out, and after the 202 shows the home page signed in', async () => {
    const fake = fakeApi({
      'POST /api/v1/auth/signup': () => ({ status: 202, body: { status: 'accepted' } }),
      'POST /api/v1/auth/login': () => ({
        status: 200,
        body: signedIn('t', profile({ emailConfirmed: false })),
      }),
    });
    const { wrapper, router } = await mountPage(SignUpView, '/signup');
    await wrapper.get('#email').setValue('ada@example.com');
    await wrapper.get('#password').setValue('lantern quietly orbiting plums');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(JSON.parse(fake.to('POST /api/v1/auth/signup')[0].body)).toEqual({
      email: 'ada@example.com',
      password: 'lantern quietly orbiting plums',
    });
    expect(useAuthStore().state).toBe('unconfirmed');
    expect(router.currentRoute.value.name).toBe('home');
  });

  it('suggests a passphrase of five words, shown in clear text, and rates it', async () => {
    fakeApi({});
    const { wrapper } = await mountPage(SignUpView, '/signup');
    await wrapper.get('button.button--secondary').trigger('click');
    await vi.waitFor(() => expect((wrapper.get('#password').element as HTMLInputElement).value).not.toBe(''));
    const passphrase = (wrapper.get('#password').element as HTMLInputElement).value;
    expect(passphrase.split(' ')).toHaveLength(5);
    expect(wrapper.get('#password').attributes('type')).toBe('text');
    await vi.waitFor(() =>
      expect(wrapper.get('.strength__label').text()).toMatch(/Strength: (Strong|Very strong)/),
    );
  });
});
