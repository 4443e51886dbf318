import { Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '../config/app-config';
import { isHealthProbe, requestLogFields, serializeRequest } from './logging/request-log';
import { ProblemDetailsFilter } from './problem/problem-details.filter';
import { createValidationPipe } from './problem/validation';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimits } from './rate-limit/rate-limits.service';

/** Cross-cutting HTTP behaviour: JSON logs with request ids, validation, problem-details errors, rate limits. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.logLevel,
          genReqId: (request: IncomingMessage) => (request as IncomingMessage & { id: string }).id,
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          serializers: { req: serializeRequest },
          customProps: requestLogFields,
          autoLogging: { ignore: (request: IncomingMessage) => isHealthProbe(request.url) },
          customLogLevel: (_request, response, error) =>
            error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
        },
      }),
    }),
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    RateLimits,
    // Registered before the auth module's guards: a client over its limit is turned away before any lookup.
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class CommonModule {}
