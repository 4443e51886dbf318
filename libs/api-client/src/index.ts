import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema';

export type { components, operations, paths } from './schema';

export type ApiClient = Client<paths>;
export type ApiClientOptions = Omit<ClientOptions, 'baseUrl'>;

/**
 * A typed client for the Latchkey API. `baseUrl` is the API's origin ('' for the same origin, as the SPA
 * uses it): the paths in the document already start with /api/v1.
 */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}): ApiClient {
  return createClient<paths>({ ...options, baseUrl });
}

/** One invalid field of a request, in a 400 problem. */
export interface FieldError {
  /** Dotted path of the field, e.g. "email" or "items.0.name". */
  field: string;
  /** Stable UPPER_SNAKE reason, e.g. IS_EMAIL or MIN_LENGTH. */
  code: string;
  message: string;
}

/** RFC 9457 problem details: the body of every error response (`application/problem+json`). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Stable UPPER_SNAKE identifier to switch on, e.g. INVALID_CREDENTIALS. */
  code: string;
  instance?: string;
  errors?: FieldError[];
}
