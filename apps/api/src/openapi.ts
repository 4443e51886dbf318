import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from './app.setup';
import { AppConfig } from './config/app-config';
import { buildOpenApiDocument } from './openapi.setup';

/**
 * Prints the OpenAPI document that the decorators describe (`node dist/openapi.js > openapi.json`).
 * The app is configured from fixed settings rather than the caller's environment, so the output is the
 * same on every machine, and it never touches a real database or mail server: throwaway PGlite, no port.
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-openapi-'));
  try {
    const app = await createApp(new AppConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    try {
      process.stdout.write(JSON.stringify(buildOpenApiDocument(app), null, 2) + '\n');
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
