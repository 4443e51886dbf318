import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteTemplate, PGLITE_TEMPLATE_ENV } from './database';
import { API_DIR, API_MAIN } from './paths';

/**
 * Builds the API when stale, then on PGlite migrates one database that every instance starts from a copy
 * of (see createPgliteTemplate); globalTeardown removes it. Test files inherit the path through the env.
 */
export default async function globalSetup(): Promise<void> {
  buildApiIfStale();
  if (process.env.DATABASE_URL) return;
  const template = mkdtempSync(join(tmpdir(), 'latchkey-e2e-template-'));
  process.env[PGLITE_TEMPLATE_ENV] = template;
  await createPgliteTemplate(template);
}

/**
 * Builds the API when apps/api/dist/bundle/main.js is missing or older than any source file, so a plain
 * `jest -c e2e/api/jest.config.js` never tests stale code. A fresh build is left alone (CI builds first).
 */
export function buildApiIfStale(): void {
  const sources = join(API_DIR, 'src');
  const builtAt = existsSync(API_MAIN) ? statSync(API_MAIN).mtimeMs : 0;
  if (builtAt >= newestModification(sources)) return;
  process.stdout.write(
    `\n[e2e] apps/api/dist is missing or stale; running \`npm run build\` in ${API_DIR}\n`,
  );
  try {
    execFileSync('npm', ['run', 'build'], { cwd: API_DIR, stdio: 'inherit' });
  } catch {
    throw new Error(
      '[e2e] building the API failed (see the compiler output above); fix it or run `cd apps/api && npm run build`',
    );
  }
}

function newestModification(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestModification(path));
    else if (!entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
