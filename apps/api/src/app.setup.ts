import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { AppModule } from './app.module';
import { frameworkErrorOptions } from './common/http/framework-errors';
import { useStrictJsonParser } from './common/http/json-body';
import { requestIdFor } from './common/http/request-id';
import { securityHeaders } from './common/http/security-headers';
import { useSharedAnswers } from './common/http/shared-answers';
import { AppLogger } from './common/logging/app-logger';
import { logDestination } from './common/logging/log-destination';
import { createRootLogger, logRequests } from './common/logging/request-log';
import { refuseIllFormedText } from './common/http/well-formed-text';
import { AppConfig } from './config/app-config';
import { MULTIPART_LIMITS } from './images/upload/read-image-upload';
import { DISCOVERY_PATH, JWKS_PATH } from './auth/well-known/well-known.controller';
import { DEV_INBOX_PATH } from './mail/inbox.page';
import { METRICS_PATH } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { setupOpenApi } from './openapi.setup';
import { serveWebApp } from './web-app.setup';

export const API_PREFIX = 'api';
export const BODY_LIMIT_BYTES = 100 * 1024;

/** Builds the fully configured application without listening, so main, the spec generator and tests share it. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    genReqId: requestIdFor,
    requestIdHeader: false,
    ...frameworkErrorOptions,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    bodyParser: false, // ours is registered below, with problem-details errors
  });
  const logger = createRootLogger(config.logLevel, await logDestination(config.nodeEnv));
  app.useLogger(new AppLogger(logger));
  // The development inbox is a page for people, /metrics is where Prometheus looks, and the token keys sit
  // where verifiers look for them (RFC 8615): none of them is versioned API.
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [DEV_INBOX_PATH, `${DEV_INBOX_PATH}/{*path}`, METRICS_PATH, JWKS_PATH, DISCOVERY_PATH],
  });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  // Exit 0 after the hooks ran, so a supervisor can tell a clean stop from a crash.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  enableCors(app, config.corsOrigins);

  const fastify = app.getHttpAdapter().getInstance();
  logRequests(fastify, logger);
  app.get(MetricsService).recordRequests(fastify);
  const headers = securityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers).header('x-request-id', request.id);
    // API answers are personal; routes that may be cached (avatars) say so themselves.
    if (request.url.startsWith(`/${API_PREFIX}/`)) reply.header('cache-control', 'no-store');
    done();
  });
  if (config.serverTiming) reportServerTiming(fastify);
  useStrictJsonParser(fastify);
  useSharedAnswers(fastify);
  refuseIllFormedText(fastify);
  closeConnectionsIdleDuringShutdown(fastify);

  await app.register(fastifyCookie);
  // Parses multipart bodies only for handlers that ask (image uploads), within the upload limits.
  await app.register(fastifyMultipart, { limits: MULTIPART_LIMITS });
  setupOpenApi(app);
  await serveWebApp(app, config);
  return app;
}

/**
 * `Server-Timing: app;dur=<ms>` on every answer (SERVER_TIMING): the time from the request's arrival to its
 * answer, which browsers' developer tools show beside the network time and the bench reports as server time.
 */
function reportServerTiming(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(1)}`);
    done(null, payload);
  });
}

/**
 * Node closes the keep-alive connections that are idle when the server closes, and then waits for the rest.
 * A connection whose response was still finishing at that moment (a streamed image, a busy machine) would
 * stay open until its keep-alive timeout and hold the shutdown up; sweeping until the close ends avoids it.
 */
function closeConnectionsIdleDuringShutdown(fastify: FastifyInstance): void {
  let sweeper: NodeJS.Timeout | undefined;
  fastify.addHook('preClose', async () => {
    sweeper = setInterval(() => fastify.server.closeIdleConnections(), 100).unref();
  });
  fastify.addHook('onClose', async () => clearInterval(sweeper));
}

/**
 * Cross-origin access for the origins in CORS_ORIGINS only: any other origin gets no CORS header at all
 * (not even Allow-Credentials). Scripts on an allowed origin may also read when to retry after a 429 and
 * the request id. The hook runs after onRequest, so preflight answers carry the security headers as well.
 */
function enableCors(app: NestFastifyApplication, origins: readonly string[]): void {
  const allowed = new Set(origins);
  app.enableCors({
    hook: 'preParsing',
    origin: (origin: string | undefined, callback: (error: Error | null, allow: boolean) => void) =>
      callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
  });
}
