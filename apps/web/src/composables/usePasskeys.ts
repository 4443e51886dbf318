import type { components } from '@latchkey/api-client';
import {
  browserSupportsWebAuthn,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
} from '@simplewebauthn/browser';
import { ref } from 'vue';
import { api } from '../api/client';
import { dataOf, ensureOk, toApiError } from '../api/problems';
import { t } from '../i18n';
import { useAuthStore } from '../stores/auth';
import { useReauthStore } from '../stores/reauth';

export type Passkey = components['schemas']['PasskeyDto'];
/** What the API takes: the credential's JSON, whose extension results the browser library types more narrowly. */
type RegistrationCredential = components['schemas']['RegistrationCredentialDto'];

/** The browser's refusal (the person cancelled, or no authenticator answered) or the API's problem, in words. */
export function passkeyErrorText(failure: unknown): string {
  if (failure instanceof Error && failure.name === 'NotAllowedError') {
    return t('profile.passkeys.cancelled');
  }
  if (failure instanceof Error && failure.name === 'InvalidStateError') {
    return t('profile.passkeys.alreadyHere');
  }
  return toApiError(failure).detail;
}

/**
 * The account's passkeys (GET /users/me/passkeys) and the ways to change them: add (a WebAuthn registration
 * ceremony in this browser), rename, remove. The profile's passkey count follows every change. Adding and
 * removing need a recent sign-in: the confirmation dialog asks for it, then they run again (stores/reauth.ts).
 */
export function usePasskeys() {
  const auth = useAuthStore();
  const { withReauth } = useReauthStore();
  const passkeys = ref<Passkey[]>([]);
  const loading = ref(false);
  const error = ref('');
  /** The id of the passkey being changed ('new' while adding), so only its controls show it is busy. */
  const busy = ref<string | null>(null);
  const supported = browserSupportsWebAuthn();

  async function run(id: string, work: () => Promise<void>): Promise<boolean> {
    if (busy.value) return false;
    busy.value = id;
    error.value = '';
    try {
      await work();
      return true;
    } catch (failure) {
      error.value = passkeyErrorText(failure);
      return false;
    } finally {
      busy.value = null;
    }
  }

  function counted(): void {
    if (auth.user) auth.user = { ...auth.user, passkeyCount: passkeys.value.length };
  }

  async function load(): Promise<void> {
    loading.value = true;
    await run('load', async () => {
      passkeys.value = dataOf(await api.GET('/api/v1/users/me/passkeys'));
    });
    loading.value = false;
  }

  function add(name?: string): Promise<boolean> {
    return run('new', async () => {
      const { passkey } = await withReauth(async () => {
        const { challengeId, options } = dataOf(await api.POST('/api/v1/auth/passkeys/registration/options'));
        const optionsJSON = options as unknown as PublicKeyCredentialCreationOptionsJSON;
        const response = (await startRegistration({ optionsJSON })) as unknown as RegistrationCredential;
        const body = { challengeId, response, ...(name?.trim() && { name: name.trim() }) };
        return dataOf(await api.POST('/api/v1/auth/passkeys/registration', { body }));
      });
      passkeys.value = [...passkeys.value, passkey];
      counted();
    });
  }

  function rename(passkey: Passkey, name: string): Promise<boolean> {
    return run(passkey.id, async () => {
      const renamed = dataOf(
        await api.PATCH('/api/v1/users/me/passkeys/{id}', {
          params: { path: { id: passkey.id } },
          body: { name: name.trim() },
        }),
      );
      passkeys.value = passkeys.value.map((other) => (other.id === renamed.id ? renamed : other));
    });
  }

  function remove(passkey: Passkey): Promise<boolean> {
    return run(passkey.id, async () => {
      await withReauth(async () => {
        const result = await api.DELETE('/api/v1/users/me/passkeys/{id}', {
          params: { path: { id: passkey.id } },
        });
        // 404: removed already (another tab); either way it is gone.
        if (result.response.status !== 404) ensureOk(result);
      });
      passkeys.value = passkeys.value.filter((other) => other.id !== passkey.id);
      counted();
    });
  }

  return { passkeys, loading, error, busy, supported, load, add, rename, remove };
}
