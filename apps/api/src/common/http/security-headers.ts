import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Strict by default: no inline or foreign scripts. Inline styles are allowed for Swagger UI's layout. */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
};

/**
 * helmet's security headers (its defaults plus our CSP), computed once at start: they depend on nothing in
 * the request, and helmet's middleware would re-parse the CSP directives on every answer
 * (docs/architecture.md › Request lifecycle). helmet runs once here against a recording response, so the
 * headers stay exactly what helmet would send.
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } })(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => (failure = error),
  );
  if (failure) throw failure;
  return Object.freeze(headers);
}
