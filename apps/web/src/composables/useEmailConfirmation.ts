import type { components } from '@latchkey/api-client';
import { ref } from 'vue';
import { api } from '../api/client';
import { dataOf, formErrorsOf, toApiError, type ApiError } from '../api/problems';
import { t } from '../i18n';
import { useAuthStore } from '../stores/auth';

export type ConfirmationPreview = components['schemas']['EmailConfirmationPreviewDto'];

/**
 * checking: asking the API what the link is about · ready: shown, waiting for the button · confirmed ·
 * failed: the link cannot be used (or, when `retryable`, could not be looked at just now).
 */
export type ConfirmationStep = 'checking' | 'ready' | 'confirmed' | 'failed';

/**
 * The confirm-email page's two steps. Opening the link only looks at its token (POST
 * /auth/email/confirm/preview), which spends nothing; the token is spent when the person presses the
 * button, so a mail scanner or a stranger who opens the link confirms nothing.
 */
export function useEmailConfirmation() {
  const auth = useAuthStore();
  const step = ref<ConfirmationStep>('checking');
  const preview = ref<ConfirmationPreview | null>(null);
  /** Why the link cannot be used, shown when `step` is failed. */
  const problem = ref('');
  /** A failure that says nothing about the link (offline, throttled): looking again may work. */
  const retryable = ref(false);
  const confirming = ref(false);
  /** A refused press that left the link usable: shown above the button, which works again. */
  const pressError = ref('');
  let token = '';

  function fail(detail: string, canRetry: boolean): void {
    step.value = 'failed';
    problem.value = detail;
    retryable.value = canRetry;
  }

  /** Looks at the token from the link; with no argument, looks again after a failure. */
  async function inspect(linkToken = token): Promise<void> {
    token = linkToken;
    if (!token) return fail(t('email.incompleteLink'), false);
    step.value = 'checking';
    try {
      const body = { token };
      preview.value = dataOf(await api.POST('/api/v1/auth/email/confirm/preview', { body }));
      step.value = 'ready';
    } catch (error) {
      const refused = toApiError(error);
      fail(formErrorsOf(refused, []).form, !isDeadLink(refused));
    }
  }

  /** The button: spends the token. The store picks up the change when it is this session's account. */
  async function confirm(): Promise<void> {
    if (confirming.value) return;
    confirming.value = true;
    pressError.value = '';
    try {
      await auth.confirmEmail(token);
      step.value = 'confirmed';
    } catch (error) {
      const refused = toApiError(error);
      if (isDeadLink(refused)) fail(refused.detail, false);
      else pressError.value = formErrorsOf(refused, []).form;
    } finally {
      confirming.value = false;
    }
  }

  return { step, preview, problem, retryable, confirming, pressError, inspect, confirm };
}

/**
 * Whether the link will never work: used, expired, replaced, mangled, or its new address taken. Offline,
 * throttled (429) and server errors say nothing about the link, so the person may try again.
 */
function isDeadLink({ status }: ApiError): boolean {
  return status >= 400 && status < 500 && status !== 429;
}
