import { nextTick, reactive, ref, type Ref } from 'vue';
import { formErrorsOf, toApiError, type ApiError } from '../api/problems';

export interface FormOptions {
  /** The names of the fields the form shows, as the API names them in `errors[].field`. */
  fields: readonly string[];
  /** An element around the form, to move focus to the first field with an error (or the summary). */
  root?: Ref<HTMLElement | null>;
}

/**
 * Submitting a form to the API: one request at a time, and the problem details it answers with shown where
 * they belong — beside each field, and the rest in a summary above the form. Focus moves to the first
 * invalid field, so keyboard and screen-reader users land on what to fix.
 */
export function useForm(options: FormOptions) {
  const busy = ref(false);
  const formError = ref('');
  const fieldErrors = reactive<Record<string, string>>({});

  function clearErrors(): void {
    formError.value = '';
    for (const field of Object.keys(fieldErrors)) delete fieldErrors[field];
  }

  /** Shows `error` where it belongs and moves focus to it (also for errors found before any request). */
  async function showError(error: ApiError): Promise<void> {
    const { fields, form } = formErrorsOf(error, options.fields);
    Object.assign(fieldErrors, fields);
    formError.value = form;
    await nextTick();
    focusFirstError();
  }

  /** Runs `action`; resolves true when it succeeded, false when its errors are on display. */
  async function submit(action: () => Promise<unknown>): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    clearErrors();
    try {
      await action();
      return true;
    } catch (error) {
      await showError(toApiError(error));
      return false;
    } finally {
      busy.value = false;
    }
  }

  function focusFirstError(): void {
    const root = options.root?.value;
    const target =
      root?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      root?.querySelector<HTMLElement>('[data-form-error]');
    target?.focus();
  }

  return { busy, formError, fieldErrors, submit, showError, clearErrors };
}
