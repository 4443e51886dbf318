import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/problems';
import { useAuthStore } from '../stores/auth';
import { useReauthStore } from '../stores/reauth';
import { fakeApi, problem, profile, signedIn } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import ReauthDialog from './ReauthDialog.vue';

const REAUTH = 'POST /api/v1/auth/reauthenticate';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

/** The dialog, opened by an action the API refused until the session confirms with one of `methods`. */
async function askedWith(methods: string[], answer: () => { status: number; body?: unknown }) {
  const api = fakeApi({
    'POST /api/v1/auth/login': () => ({ status: 200, body: signedIn('t', profile({ mfaEnabled: true })) }),
    [REAUTH]: answer,
  });
  const { wrapper } = await mountPage(ReauthDialog);
  await useAuthStore().login({ email: 'ada@example.com', password: 'x', rememberMe: false });
  let refused = true;
  const action = useReauthStore().withReauth(async () => {
    if (!refused) return 'done';
    refused = false;
    throw new ApiError(403, 'REAUTHENTICATION_REQUIRED', 'Confirm it is you.', [], undefined, methods);
  });
  await flushPromises();
  return { wrapper, api, action };
}

describe('ReauthDialog with two-step verification', () => {
  it('offers the app’s code beside the password, and a right code lets the action run again', async () => {
    const { wrapper, api, action } = await askedWith(['password', 'totp'], () => ({ status: 204 }));
    expect(wrapper.find('#reauth-password').exists()).toBe(true);
    expect(wrapper.get('label[for="reauth-totp"]').text()).toContain('Code from the app');
    expect(wrapper.get('#reauth-totp').attributes('autocomplete')).toBe('one-time-code');

    await wrapper.get('#reauth-totp').setValue('492 039');
    await wrapper.get('section[aria-labelledby="reauth-totp-title"] form').trigger('submit');
    await flushPromises();

    expect(JSON.parse(api.to(REAUTH)[0]!.body)).toEqual({ code: '492039' });
    await expect(action).resolves.toBe('done');
  });

  it('shows a wrong code beside its field and keeps the dialog open', async () => {
    const { wrapper } = await askedWith(['totp'], () => ({
      status: 400,
      body: problem(400, 'INVALID_TOTP_CODE', 'That code is wrong.', [
        { field: 'code', code: 'INVALID_TOTP_CODE', message: 'That code is wrong.' },
      ]),
    }));
    expect(wrapper.find('#reauth-password').exists()).toBe(false);

    await wrapper.get('#reauth-totp').setValue('000000');
    await wrapper.get('section[aria-labelledby="reauth-totp-title"] form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#reauth-totp-error').text()).toBe('That code is wrong.');
    expect(document.activeElement).toBe(wrapper.get('#reauth-totp').element);
    expect(useReauthStore().methods).toEqual(['totp']);
  });

  it('offers no app code to an account without two-step verification', async () => {
    const { wrapper } = await askedWith(['password'], () => ({ status: 204 }));
    expect(wrapper.find('#reauth-password').exists()).toBe(true);
    expect(wrapper.find('#reauth-totp').exists()).toBe(false);
  });
});
