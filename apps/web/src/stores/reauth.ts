import type { components } from '@latchkey/api-client';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import { passkeyAssertion } from '../api/passkey-assertion';
import { ApiError, ensureOk } from '../api/problems';
import { t } from '../i18n';

export type ReauthProof = components['schemas']['ReauthenticateDto'];

/** What a sensitive action throws when the person closed the dialog instead of confirming. */
export const REAUTHENTICATION_CANCELLED = 'REAUTHENTICATION_CANCELLED';

interface Pending {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Re-authentication (docs/architecture.md › Tokens and sessions): sensitive actions run through `withReauth`,
 * and when the API answers
 * 403 REAUTHENTICATION_REQUIRED, the one ReauthDialog (mounted in App.vue) asks the person to confirm it is
 * them with one of the `methods` of that answer, then the action runs once more. Actions that fail so at
 * the same time wait for that same dialog.
 */
export const useReauthStore = defineStore('reauth', () => {
  /** The methods the open dialog offers; null while no dialog is open. */
  const methods = ref<readonly string[] | null>(null);
  let pending: Pending | undefined;
  let asking: Promise<void> | undefined;

  /** Runs `action`; if the session must confirm first, asks for it and runs `action` again. */
  async function withReauth<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'REAUTHENTICATION_REQUIRED') throw error;
      await confirmation(error.methods);
      return action();
    }
  }

  /** Opens the dialog, unless it is open already; settles when the person confirmed or gave up. */
  function confirmation(offered: readonly string[]): Promise<void> {
    asking ??= new Promise<void>((resolve, reject) => {
      pending = { resolve, reject };
      methods.value = offered;
    }).finally(() => {
      asking = undefined;
      pending = undefined;
      methods.value = null;
    });
    return asking;
  }

  /**
   * Sends the proof the person typed. Right: the waiting actions run again. Wrong: throws for the dialog to
   * show, which stays open; a 401 means the session ended (too many wrong passwords), so they fail with it.
   */
  async function reauthenticate(proof: ReauthProof): Promise<void> {
    try {
      ensureOk(await api.POST('/api/v1/auth/reauthenticate', { body: proof }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) pending?.reject(error);
      throw error;
    }
    pending?.resolve();
  }

  /**
   * For accounts whose methods include `passkey`: the browser asks for one of this site's passkeys, and its
   * answer is the proof (only the account's own passkeys count). A cancelled prompt throws the browser's error.
   */
  async function reauthenticateWithPasskey(): Promise<void> {
    await reauthenticate(await passkeyAssertion());
  }

  /** For accounts whose way is `email_code`: mails the code the dialog then asks for. */
  async function mailCode(): Promise<void> {
    ensureOk(await api.POST('/api/v1/auth/reauthenticate/email'));
  }

  /** The person closed the dialog: the waiting actions fail, and their forms say that nothing changed. */
  function cancel(): void {
    pending?.reject(new ApiError(403, REAUTHENTICATION_CANCELLED, t('reauth.cancelled')));
  }

  return { methods, withReauth, reauthenticate, reauthenticateWithPasskey, mailCode, cancel };
});
