import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../stores/auth';
import { fakeApi, problem, profile, signedIn, type FakeRoutes } from '../../testing/fake-api';
import { mountPage } from '../../testing/mount-page';
import TwoStepSection from './TwoStepSection.vue';

const START = 'POST /api/v1/users/me/mfa/totp';
const CONFIRM = 'POST /api/v1/users/me/mfa/totp/confirm';
const TURN_OFF = 'DELETE /api/v1/users/me/mfa/totp';
const NEW_CODES = 'POST /api/v1/users/me/mfa/recovery-codes';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const CODES = Array.from({ length: 10 }, (_, i) => `code-${String(i).padStart(2, '0')}-abcd`);

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

async function section(routes: FakeRoutes, overrides: Record<string, unknown> = {}) {
  const api = fakeApi({
    'POST /api/v1/auth/login': () => ({ status: 200, body: signedIn('t', profile(overrides)) }),
    ...routes,
  });
  const { wrapper } = await mountPage(TwoStepSection, '/profile');
  await useAuthStore().login({ email: 'ada@example.com', password: 'x', rememberMe: false });
  await flushPromises();
  return { wrapper, api };
}

const buttonNamed = (wrapper: Awaited<ReturnType<typeof section>>['wrapper'], name: string) =>
  wrapper.findAll('button').find((button) => button.text() === name)!;

describe('TwoStepSection', () => {
  it('turns on: QR code and typed secret, a first code, then the recovery codes once', async () => {
    const { wrapper, api } = await section({
      [START]: () => ({
        status: 201,
        body: { secret: SECRET, otpauthUri: `otpauth://totp/Latchkey:ada?secret=${SECRET}&issuer=Latchkey` },
      }),
      [CONFIRM]: () => ({ status: 200, body: { recoveryCodes: CODES } }),
    });
    await buttonNamed(wrapper, 'Turn on two-step verification').trigger('click');
    await flushPromises();

    // The QR encoder loads on demand.
    await vi.waitFor(() => expect(wrapper.find('svg[role="img"]').exists()).toBe(true));
    expect(wrapper.get('svg[role="img"]').attributes('aria-label')).toBe(
      'QR code for your authenticator app',
    );
    expect(wrapper.get('#totp-secret').text()).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(document.activeElement).toBe(wrapper.get('#totp-setup-title').element);

    await wrapper.get('#totp-confirm-code').setValue('492 039');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(JSON.parse(api.to(CONFIRM)[0]!.body)).toEqual({ code: '492039' });
    expect(wrapper.findAll('ol[aria-label="Recovery codes"] li').map((li) => li.text())).toEqual(CODES);
    expect(document.activeElement).toBe(wrapper.get('#recovery-codes-title').element);
    expect(wrapper.find('#totp-secret').exists()).toBe(false);
    expect(useAuthStore().user).toMatchObject({ mfaEnabled: true, recoveryCodesLeft: 10 });

    await buttonNamed(wrapper, 'I saved them').trigger('click');
    await flushPromises();
    expect(wrapper.find('ol[aria-label="Recovery codes"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('10 recovery codes left.');
  });

  it('keeps the set-up open after a wrong first code, with the message focused beside the field', async () => {
    const { wrapper } = await section({
      [START]: () => ({
        status: 201,
        body: { secret: SECRET, otpauthUri: `otpauth://totp/x?secret=${SECRET}` },
      }),
      [CONFIRM]: () => ({
        status: 400,
        body: problem(400, 'INVALID_TOTP_CODE', 'That is not the current code.', [
          { field: 'code', code: 'INVALID_TOTP_CODE', message: 'That is not the current code.' },
        ]),
      }),
    });
    await buttonNamed(wrapper, 'Turn on two-step verification').trigger('click');
    await flushPromises();
    await wrapper.get('#totp-confirm-code').setValue('000000');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#totp-confirm-code-error').text()).toBe('That is not the current code.');
    expect(document.activeElement).toBe(wrapper.get('#totp-confirm-code').element);
    expect(wrapper.find('#totp-secret').exists()).toBe(true);
    expect(useAuthStore().user?.mfaEnabled).toBe(false);

    await buttonNamed(wrapper, 'Cancel').trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(wrapper.get('#two-step-turn-on').element);
  });

  it('replaces the recovery codes after asking, and shows the new ones once', async () => {
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    const { wrapper, api } = await section(
      { [NEW_CODES]: () => ({ status: 200, body: { recoveryCodes: CODES } }) },
      { mfaEnabled: true, recoveryCodesLeft: 2 },
    );
    expect(wrapper.text()).toContain('2 recovery codes left.');
    expect(wrapper.text()).toContain('Few recovery codes left');

    await buttonNamed(wrapper, 'New recovery codes').trigger('click');
    await flushPromises();
    expect(api.to(NEW_CODES)).toHaveLength(0);

    await buttonNamed(wrapper, 'New recovery codes').trigger('click');
    await flushPromises();
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(wrapper.findAll('ol[aria-label="Recovery codes"] li')).toHaveLength(10);
    expect(useAuthStore().user?.recoveryCodesLeft).toBe(10);
  });

  it('turns off after asking, and offers to turn on again', async () => {
    vi.stubGlobal('confirm', () => true);
    const { wrapper, api } = await section(
      { [TURN_OFF]: () => ({ status: 204 }) },
      { mfaEnabled: true, recoveryCodesLeft: 10 },
    );
    await buttonNamed(wrapper, 'Turn off').trigger('click');
    await flushPromises();

    expect(api.to(TURN_OFF)).toHaveLength(1);
    expect(useAuthStore().user).toMatchObject({ mfaEnabled: false, recoveryCodesLeft: 0 });
    expect(wrapper.find('#two-step-turn-on').exists()).toBe(true);
  });

  it('shows a refusal as a focused message', async () => {
    vi.stubGlobal('confirm', () => true);
    const { wrapper } = await section(
      { [TURN_OFF]: () => ({ status: 409, body: problem(409, 'TOTP_NOT_ENABLED', 'It is not on.') }) },
      { mfaEnabled: true, recoveryCodesLeft: 10 },
    );
    await buttonNamed(wrapper, 'Turn off').trigger('click');
    await flushPromises();
    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toBe('It is not on.');
    expect(document.activeElement).toBe(alert.element);
  });
});
