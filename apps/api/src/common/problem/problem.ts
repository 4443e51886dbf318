import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldError {
  /** Dotted path of the offending field in the request body or query, e.g. "email" or "items.0.name". */
  field: string;
  /** Stable UPPER_SNAKE reason, e.g. IS_EMAIL, MIN_LENGTH, UNKNOWN_FIELD. */
  code: string;
  message: string;
}

/** RFC 9457 problem details, as every error response of the API carries it. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  /** With REAUTHENTICATION_REQUIRED and REAUTH_METHOD_UNAVAILABLE: the ways this account can prove who it is now. */
  methods?: string[];
  /** With INVALID_MFA_CODE: the wrong codes this sign-in step still takes (0: sign in again). */
  triesLeft?: number;
  /** With NOT_READY: the state of each dependency of readiness (and of the mail server, reported only). */
  checks?: Record<string, { status: 'up' | 'down'; message?: string }>;
}

/** Members a problem may carry beyond the standard ones (RFC 9457 §3.2). */
export type ProblemExtensions = Pick<ProblemDetails, 'methods' | 'triesLeft' | 'checks'>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem type URI that never resolves to a host of ours but stays stable for clients to compare. */
export function problemType(code: string): string {
  return `urn:latchkey:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * The one exception services throw for a client-visible failure: HTTP status, stable code, human detail.
 * Anything else that escapes a handler is answered as a 500 with no internals.
 */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
    readonly extensions: ProblemExtensions = {},
  ) {
    super(detail, status);
  }
}
