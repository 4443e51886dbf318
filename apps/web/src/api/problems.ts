import type { FieldError, ProblemDetails } from '@latchkey/api-client';
import { currentLocale, i18n, t } from '../i18n';

/** What a person sees when the request never reached the API (offline, DNS, the server down). */
export function networkErrorDetail(): string {
  return t('problems.networkError');
}

/**
 * A failed API call, carrying the problem details (docs/architecture.md › Routes and folders) the API sent:
 * `code` is what the SPA switches on,
 * `detail` and the field errors' messages are written for people and shown as they are (in the page's language
 * when the catalogue knows the code: i18n/locales/<language>/problems.json).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fieldErrors: readonly FieldError[] = [],
    /** From Retry-After on a 429, so a form can say how long to wait. */
    readonly retryAfterSeconds?: number,
    /** With REAUTHENTICATION_REQUIRED: the ways this account can confirm it is the person (stores/reauth.ts). */
    readonly methods: readonly string[] = [],
    /** With INVALID_MFA_CODE: how many more codes this sign-in step takes (0: sign in again). */
    readonly triesLeft?: number,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** The result shape of every openapi-fetch call. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful call; anything else becomes an ApiError built from the problem details. */
export function dataOf<T>(result: FetchResult<T>): T {
  if (!result.response.ok || result.data === undefined) throw problemOf(result);
  return result.data;
}

/** For calls that answer 202/204 with nothing worth reading. */
export function ensureOk(result: FetchResult<unknown>): void {
  if (!result.response.ok) throw problemOf(result);
}

export function problemOf({ error, response }: FetchResult<unknown>): ApiError {
  const problem = isProblem(error) ? error : undefined;
  return new ApiError(
    response.status,
    problem?.code ?? `HTTP_${response.status}`,
    localized(`problems.codes.${problem?.code}`, problem?.detail) ?? fallbackDetail(response.status),
    (problem?.errors ?? []).map((error) => ({
      ...error,
      message: localized(`problems.fields.${error.code}`, error.message) ?? error.message,
    })),
    retryAfterOf(response),
    problem?.methods ?? [],
    problem?.triesLeft,
  );
}

/** Any thrown value as an ApiError: fetch rejects with a TypeError when the network fails. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'NETWORK_ERROR', networkErrorDetail());
}

/**
 * Splits a problem into messages beside the form's own fields (the first message per field) and one message
 * for the form as a whole: the detail, plus errors about fields the form does not show.
 */
export function formErrorsOf(
  error: ApiError,
  formFields: readonly string[],
): { fields: Record<string, string>; form: string } {
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const { field, message } of error.fieldErrors) {
    if (!formFields.includes(field)) elsewhere.push(message);
    else fields[field] ??= message;
  }
  const retry = error.retryAfterSeconds
    ? ` ${t('problems.tryAgainIn', { wait: waitingTime(error.retryAfterSeconds) })}`
    : '';
  return { fields, form: [error.detail + retry, ...elsewhere].join(' ') };
}

function isProblem(value: unknown): value is ProblemDetails {
  return typeof value === 'object' && value !== null && typeof (value as ProblemDetails).code === 'string';
}

function retryAfterOf(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/**
 * The API writes its problems in English, which is shown as sent (it can be more precise than the catalogue);
 * in another language the catalogue's text for the code, when it has one.
 */
function localized(key: string, sent: string | undefined): string | undefined {
  if (currentLocale() === 'en' || !i18n.global.te(key)) return sent;
  return t(key);
}

/** "45 seconds", "3 minutes", in the page's language. */
export function waitingTime(seconds: number): string {
  if (seconds < 90) return t('common.seconds', Math.ceil(seconds));
  return t('common.minutes', Math.ceil(seconds / 60));
}

function fallbackDetail(status: number): string {
  return t(status >= 500 ? 'problems.serverError' : 'problems.requestFailed');
}
