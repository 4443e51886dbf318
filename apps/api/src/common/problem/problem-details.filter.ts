import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loggableUrl } from '../logging/request-log';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './to-problem';

/** Global filter: every error leaves the API as application/problem+json; server faults are logged, not shown. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

export function sendProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
): void {
  const { body, headers } = toProblem(error);
  if (body.status >= HttpStatus.INTERNAL_SERVER_ERROR) {
    logger.error({ err: error, reqId: request.id, url: loggableUrl(request.url) }, 'unhandled error');
  }
  if (reply.sent) return;
  // RFC 9110: a 401 names the scheme that would succeed.
  const challenge =
    body.status === HttpStatus.UNAUTHORIZED ? { 'www-authenticate': 'Bearer realm="latchkey"' } : {};
  void reply
    .status(body.status)
    .headers({ ...challenge, ...headers })
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...body, instance: request.url.split('?')[0] });
}
