import type { LoggerService } from '@nestjs/common';
import type { Level, Logger as Pino } from 'pino';
import { currentRequestLogFields } from './request-log';

/**
 * Nest's log calls (`new Logger(context).log(...)` everywhere, security events included) as pino JSON lines,
 * with the fields of the request they were written for. Nest passes the context name as the last argument;
 * an object message becomes the line's fields, an Error its `err`.
 */
export class AppLogger implements LoggerService {
  constructor(private readonly logger: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = { ...currentRequestLogFields() };
    const rest = params.slice(0, -1);
    if (params.length > 0) fields.context = params[params.length - 1];
    if (message instanceof Error) {
      fields.err = message;
      this.logger[level](fields, ...(rest as []));
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level](Object.assign(fields, message), ...(rest as []));
    } else if (isNestStackTrace(level, message, rest)) {
      // Nest's own exception handlers call error(message, stack, context).
      fields.err = Object.assign(new Error(message as string), { stack: rest[0] as string });
      this.logger[level](fields);
    } else {
      this.logger[level](fields, String(message), ...(rest as []));
    }
  }
}

function isNestStackTrace(level: Level, message: unknown, rest: unknown[]): boolean {
  return (
    level === 'error' &&
    typeof message === 'string' &&
    rest.length === 1 &&
    typeof rest[0] === 'string' &&
    /\n\s*at /.test(rest[0])
  );
}
