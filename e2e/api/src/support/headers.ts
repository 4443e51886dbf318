import type { ApiResponse } from './http-client';

/** Headers whose values differ per response by nature; every other header must match exactly. */
const PER_RESPONSE_HEADERS = new Set(['date', 'x-request-id']);

/** For "the answer does not tell known and unknown addresses apart" checks. */
export function headerNames(response: ApiResponse<unknown>): string[] {
  return [...response.headers.keys()].sort();
}

export function stableHeaders(response: ApiResponse<unknown>): [string, string][] {
  return [...response.headers.entries()].filter(([name]) => !PER_RESPONSE_HEADERS.has(name)).sort();
}
