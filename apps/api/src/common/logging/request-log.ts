import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Level, type LevelWithSilent, type Logger as Pino } from 'pino';

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

/** The fields every log line of a request carries. */
export interface RequestLogFields {
  req: { id: string; method: string; url?: string };
  /** The client's address as Fastify resolved it (TRUST_PROXY applied), so security events need not repeat it. */
  ip: string;
}

export function requestLogFields(
  request: Pick<FastifyRequest, 'id' | 'method' | 'url' | 'ip'>,
): RequestLogFields {
  return { req: { id: request.id, method: request.method, url: loggableUrl(request.url) }, ip: request.ip };
}

/** The request being served, for log lines written deep in a service (security events, server faults). */
const currentRequest = new AsyncLocalStorage<FastifyRequest>();

/** The fields of the request this code runs for, if any; computed only when a line is written. */
export function currentRequestLogFields(): RequestLogFields | undefined {
  const request = currentRequest.getStore();
  return request && requestLogFields(request);
}

/** Where the request being served came from, for the security activity rows written deep in a service. */
export interface RequestClient {
  ip: string;
  userAgent: string | undefined;
}

export function currentRequestClient(): RequestClient | undefined {
  const request = currentRequest.getStore();
  return request && { ip: request.ip, userAgent: request.headers['user-agent'] };
}

/**
 * The one logger of the process: JSON lines on stdout. Redaction paths are compiled here, once; the request
 * line below carries no headers, they guard against a header object logged by mistake.
 */
export function createRootLogger(level: LevelWithSilent, destination?: DestinationStream): Pino {
  const redact = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];
  return destination ? pino({ level, redact }, destination) : pino({ level, redact });
}

/**
 * One line per request, written by Fastify hooks when the answer is sent (4xx as warn, 5xx as error), with
 * its id, method, path without query, status, time taken and the client's address; nothing is built for a
 * line the level leaves out (docs/architecture.md › Request lifecycle). The request also travels in an
 * AsyncLocalStorage so security events logged by services carry the same fields.
 */
export function logRequests(fastify: FastifyInstance, logger: Pino): void {
  fastify.addHook('onRequest', (request, _reply, done) => currentRequest.run(request, done));
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level: Level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (logger.isLevelEnabled(level) && !isHealthProbe(request.url)) {
      logger[level](
        { ...requestLogFields(request), res: { statusCode: status }, responseTime: reply.elapsedTime },
        'request completed',
      );
    }
    done();
  });
}
