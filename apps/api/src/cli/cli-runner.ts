import { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '../config/app-config';

/** Exit code for anything unexpected: a bad configuration, a database that cannot be opened. */
export const CLI_FAILED = 1;

/**
 * Runs a command-line tool's `main` and sets the exit code it answers; a failure is one line on stderr
 * (`Configuration error: …` or `<name>: …`), not a stack trace.
 */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (exitCode) => (process.exitCode = exitCode),
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      console.error(error instanceof ConfigError ? `Configuration error: ${reason}` : `${name}: ${reason}`);
      process.exitCode = CLI_FAILED;
    },
  );
}

/** `work` inside a Nest context of `module` (no HTTP server), closed afterwards whatever happens. */
export async function withCliContext<T>(
  module: DynamicModule,
  work: (context: INestApplicationContext) => Promise<T>,
): Promise<T> {
  // abortOnError off: a failure to start (bad config, database in use) is reported, not a core dump.
  const context = await NestFactory.createApplicationContext(module, { logger: false, abortOnError: false });
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}
