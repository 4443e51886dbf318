import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

export type ApiClient = Client<paths>;
export type ApiClientOptions = Omit<ClientOptions, 'baseUrl'>;

/**
 * A typed client for the Latchkey API. `baseUrl` is the API's origin ('' for the same origin, as the SPA
 * uses it): the paths in the document already start with /api/v1.
 */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}): ApiClient {
  return createClient<paths>({ ...options, baseUrl });
}

type Schemas = components['schemas'];

/** RFC 9457 problem details: the body of every error response (`application/problem+json`). */
export type ProblemDetails = Schemas['ProblemDetailsDto'];

/** One invalid field of a request, in a 400 problem. */
export type FieldError = Schemas['FieldErrorDto'];
