import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { ProblemDetails, ProblemException, problemType } from './problem';

/** Codes for HTTP statuses raised without one: Nest's built-in exceptions, unknown routes, Fastify's own errors. */
const STATUS_CODE_NAMES: Partial<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

export interface ProblemResponse {
  body: ProblemDetails;
  headers: Record<string, string>;
}

function problem(
  status: number,
  code: string,
  detail: string,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  return { type: problemType(code), title: STATUS_CODES[status] ?? 'Error', status, detail, code, ...extra };
}

/** Maps anything thrown while serving a request to the problem details a client sees. */
export function toProblem(error: unknown): ProblemResponse {
  if (error instanceof ProblemException) {
    const extra = { ...error.extensions, ...(error.errors && { errors: error.errors }) };
    return { body: problem(error.getStatus(), error.code, error.detail, extra), headers: error.headers };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 503)
      return { body: problem(503, 'SERVICE_UNAVAILABLE', unavailableDetail(error)), headers: {} };
    if (status >= 500) return internalError();
    const code = STATUS_CODE_NAMES[status] ?? 'BAD_REQUEST';
    return { body: problem(status, code, detailOf(error)), headers: {} };
  }
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      body: problem(
        statusCode,
        STATUS_CODE_NAMES[statusCode] ?? 'BAD_REQUEST',
        STATUS_CODES[statusCode] ?? 'Bad request',
      ),
      headers: {},
    };
  }
  return internalError();
}

export function internalError(): ProblemResponse {
  return {
    body: problem(
      500,
      'INTERNAL_ERROR',
      'Something went wrong on our side. The request id in the response headers helps us find it.',
    ),
    headers: {},
  };
}

function detailOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  return error.message;
}

/** Terminus answers a failed readiness check with a 503 listing each component; name the ones that are down. */
function unavailableDetail(error: HttpException): string {
  const failing = (error.getResponse() as { error?: Record<string, unknown> }).error ?? {};
  const names = Object.keys(failing);
  return names.length
    ? `Not ready: ${names.join(', ')} unavailable.`
    : 'The service is not available right now.';
}
