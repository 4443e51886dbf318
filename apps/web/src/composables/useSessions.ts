import type { components } from '@latchkey/api-client';
import { ref } from 'vue';
import { api } from '../api/client';
import { dataOf, ensureOk, toApiError } from '../api/problems';
import { useAuthStore } from '../stores/auth';

export type Session = components['schemas']['SessionDto'];

/**
 * The devices signed in to this account (GET /users/me/sessions) and signing one out. Revoking this
 * device's own session is a log-out: the store forgets the session, as POST /auth/logout would make it.
 */
export function useSessions() {
  const auth = useAuthStore();
  const sessions = ref<Session[]>([]);
  const loading = ref(false);
  const error = ref('');
  /** The id of the session being revoked, so only its button shows it is busy. */
  const revoking = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = '';
    try {
      const listed = dataOf(await api.GET('/api/v1/users/me/sessions'));
      // This device first, so people see which one they are on; the rest as the API sorts them (recent first).
      sessions.value = [...listed.filter((s) => s.current), ...listed.filter((s) => !s.current)];
    } catch (failure) {
      error.value = toApiError(failure).detail;
    } finally {
      loading.value = false;
    }
  }

  /** Resolves true when the session has ended (a 404 means it had ended already: gone from the list too). */
  async function revoke(session: Session): Promise<boolean> {
    if (revoking.value) return false;
    revoking.value = session.id;
    error.value = '';
    try {
      const result = await api.DELETE('/api/v1/users/me/sessions/{id}', {
        params: { path: { id: session.id } },
      });
      if (result.response.status !== 404) ensureOk(result);
      sessions.value = sessions.value.filter((other) => other.id !== session.id);
      if (session.current) auth.endSession();
      return true;
    } catch (failure) {
      error.value = toApiError(failure).detail;
      return false;
    } finally {
      revoking.value = null;
    }
  }

  return { sessions, loading, error, revoking, load, revoke };
}
