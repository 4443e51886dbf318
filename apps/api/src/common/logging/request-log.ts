import type { IncomingMessage } from 'node:http';

/** The fields pino's standard request serializer writes (pino-std-serializers). */
interface SerializedRequest {
  url?: string;
  query?: unknown;
  [field: string]: unknown;
}

/**
 * A URL as it may be logged: the path without its query string, which can carry secrets (the signature of an
 * image URL, a token pasted into a link) that must never reach a log (docs/architecture.md, Request lifecycle).
 */
export function loggableUrl(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}

/**
 * Load balancers and orchestrators probe health every few seconds; a log line per probe would bury the
 * requests that matter. Failed readiness is logged by the health module itself, once per change.
 */
export function isHealthProbe(url: string | undefined): boolean {
  return /^\/api\/v\d+\/health\/(live|ready)\/?$/.test(loggableUrl(url) ?? '');
}

/** pino-http's request serializer, minus the query string and the parsed query. */
export function serializeRequest(request: SerializedRequest): SerializedRequest {
  const { query: _query, ...rest } = request;
  return { ...rest, url: loggableUrl(request.url) };
}

/**
 * Fields every log line of a request carries: the client's address as Fastify resolved it (TRUST_PROXY
 * applied; @fastify/middie copies it onto the raw request), so security events need not repeat it.
 */
export function requestLogFields(request: IncomingMessage): { ip?: string } {
  return { ip: (request as IncomingMessage & { ip?: string }).ip };
}
