import { Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type DocumentedProblem, problemException } from '../problem/api-problems.decorator';
import { PROBLEM_CONTENT_TYPE } from '../problem/problem';
import { sendProblem } from '../problem/problem-details.filter';
import { toProblem } from '../problem/to-problem';
import {
  HEADERS_TOO_LARGE_PROBLEM,
  MALFORMED_REQUEST_PROBLEM,
  MALFORMED_URL_PROBLEM,
  REQUEST_TIMEOUT_PROBLEM,
  URI_TOO_LONG_PROBLEM,
} from './http.problems';

const logger = new Logger('Http');

/** Refusals Fastify makes while routing, before any hook, middleware or Nest filter runs. */
const ROUTING_PROBLEMS: Record<string, DocumentedProblem> = {
  FST_ERR_BAD_URL: MALFORMED_URL_PROBLEM,
  FST_ERR_MAX_PARAM_LENGTH: URI_TOO_LONG_PROBLEM,
};

/** Refusals of Node's HTTP parser, before a request exists. */
const CLIENT_ERROR_PROBLEMS: Record<string, DocumentedProblem> = {
  HPE_HEADER_OVERFLOW: HEADERS_TOO_LARGE_PROBLEM,
  ERR_HTTP_REQUEST_TIMEOUT: REQUEST_TIMEOUT_PROBLEM,
};

/**
 * Fastify server options that answer its own early refusals like every other error: a problem with a stable
 * code, an X-Request-Id, and a log line. Without them Fastify writes plain JSON and logs nothing
 * (docs/architecture.md, Errors and bad input).
 */
export const frameworkErrorOptions = {
  frameworkErrors: answerRoutingError,
  clientErrorHandler: answerClientError,
};

/** A URL the router cannot take (bad percent-encoding, a path parameter over 100 characters). */
function answerRoutingError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const documented = ROUTING_PROBLEMS[error.code];
  const thrown = documented ? problemException(documented) : error;
  // The onRequest hook that sets these on every other answer does not run for routing errors.
  void reply.header('x-request-id', request.id).header('cache-control', 'no-store');
  const { body } = toProblem(thrown);
  // Server faults are logged by sendProblem, as from the filter.
  if (body.status < 500) logRefusal(request.id, body, { method: request.method, path: pathOf(request.url) });
  sendProblem(thrown, request, reply, logger);
}

/** A request that is not valid HTTP, or whose headers are too large: answered on the socket, then closed. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = randomUUID();
  const { body } = toProblem(
    problemException(CLIENT_ERROR_PROBLEMS[error.code ?? ''] ?? MALFORMED_REQUEST_PROBLEM),
  );
  logRefusal(requestId, body, { parserError: error.code });
  if (socket.writable) {
    const json = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
        `X-Request-Id: ${requestId}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}

function logRefusal(
  reqId: string,
  { status, code }: { status: number; code: string },
  context: Record<string, string | undefined>,
): void {
  logger.warn({ reqId, status, code, ...context }, 'request refused');
}

/** Query strings stay out of logs: they may carry tokens. */
function pathOf(url: string): string {
  return url.split('?')[0];
}
