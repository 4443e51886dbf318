import type { components } from '@latchkey/api-client';
import { ref } from 'vue';
import { api } from '../api/client';
import { dataOf, ensureOk } from '../api/problems';
import { useAuthStore } from '../stores/auth';
import { useReauthStore } from '../stores/reauth';

export type TotpEnrolment = components['schemas']['TotpEnrolmentDto'];

/**
 * Two-step verification of the signed-in account (docs/architecture.md › Two-step verification): start an
 * enrolment (a secret for the authenticator app), confirm it with a first code, which turns it on and
 * answers with recovery codes, replace those codes, turn it off. Every change needs a recent sign-in, asked
 * for by the confirmation dialog (stores/reauth.ts); the profile's `mfaEnabled` and `recoveryCodesLeft`
 * follow each one.
 */
export function useTwoStep() {
  const auth = useAuthStore();
  const { withReauth } = useReauthStore();
  /** The pending enrolment: its secret shows until a code confirms it or the person cancels. */
  const enrolment = ref<TotpEnrolment | null>(null);
  /** Codes just issued, shown once; null once the person has saved them. */
  const recoveryCodes = ref<readonly string[] | null>(null);

  function profileSays(mfaEnabled: boolean, recoveryCodesLeft: number): void {
    if (auth.user) auth.user = { ...auth.user, mfaEnabled, recoveryCodesLeft };
  }

  async function start(): Promise<void> {
    enrolment.value = await withReauth(async () => dataOf(await api.POST('/api/v1/users/me/mfa/totp')));
  }

  async function confirm(code: string): Promise<void> {
    const body = { code: code.replace(/\s/g, '') };
    const issued = await withReauth(async () =>
      dataOf(await api.POST('/api/v1/users/me/mfa/totp/confirm', { body })),
    );
    enrolment.value = null;
    recoveryCodes.value = issued.recoveryCodes;
    profileSays(true, issued.recoveryCodes.length);
  }

  function cancelEnrolment(): void {
    enrolment.value = null;
  }

  async function replaceRecoveryCodes(): Promise<void> {
    const issued = await withReauth(async () =>
      dataOf(await api.POST('/api/v1/users/me/mfa/recovery-codes')),
    );
    recoveryCodes.value = issued.recoveryCodes;
    profileSays(true, issued.recoveryCodes.length);
  }

  function recoveryCodesSaved(): void {
    recoveryCodes.value = null;
  }

  async function turnOff(): Promise<void> {
    await withReauth(async () => ensureOk(await api.DELETE('/api/v1/users/me/mfa/totp')));
    recoveryCodes.value = null;
    profileSays(false, 0);
  }

  return {
    enrolment,
    recoveryCodes,
    start,
    confirm,
    cancelEnrolment,
    replaceRecoveryCodes,
    recoveryCodesSaved,
    turnOff,
  };
}
