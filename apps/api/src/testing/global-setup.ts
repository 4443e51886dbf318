import { PGlite } from '@electric-sql/pglite';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migratedOverSocket, PGLITE_TEMPLATE_ENV } from './test-database';

/**
 * On PGlite, migrates one data directory that every test database starts from a copy of (see
 * createTestDatabase); test files inherit its path through the environment, global-teardown.ts removes it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const template = mkdtempSync(join(tmpdir(), 'latchkey-unit-template-'));
  const { close } = await migratedOverSocket(await PGlite.create(template), []);
  await close();
  process.env[PGLITE_TEMPLATE_ENV] = template;
}
