import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import ResetPasswordView from './ResetPasswordView.vue';

const RESET = 'POST /api/v1/auth/password/reset';
const NEW_PASSWORD = 'velvet kayak orbiting the pier';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('ResetPasswordView', () => {
  it('sends the token from the link, and points to the login page', async () => {
    const api = fakeApi({ [RESET]: () => ({ status: 204 }) });
    const { wrapper } = await mountPage(ResetPasswordView, '/reset-password?token=abc');
    expect(wrapper.find('#code').exists()).toBe(false);
    await wrapper.get('#newPassword').setValue(NEW_PASSWORD);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(JSON.parse(api.to(RESET)[0].body)).toEqual({ token: 'abc', newPassword: NEW_PASSWORD });
    expect(wrapper.get('[role="status"]').text()).toContain('Your password is changed');
    expect(wrapper.get('a.button').attributes('href')).toBe('/login');
  });

  it('without a token, sends the address and code, and shows a wrong code beside its field', async () => {
    const api = fakeApi({
      [RESET]: () => ({
        status: 400,
        body: problem(400, 'VALIDATION_FAILED', 'Some fields are missing or invalid.', [
          { field: 'code', code: 'MATCHES', message: 'Enter the 6 digits from the mail.' },
        ]),
      }),
    });
    const { wrapper } = await mountPage(ResetPasswordView, '/reset-password');
    await wrapper.get('#email').setValue(' ada@example.com ');
    await wrapper.get('#code').setValue('12');
    await wrapper.get('#newPassword').setValue(NEW_PASSWORD);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(JSON.parse(api.to(RESET)[0].body)).toEqual({
      email: 'ada@example.com',
      code: '12',
      newPassword: NEW_PASSWORD,
    });
    expect(wrapper.get('#code-error').text()).toBe('Enter the 6 digits from the mail.');
    expect(document.activeElement?.id).toBe('code');
  });
});
