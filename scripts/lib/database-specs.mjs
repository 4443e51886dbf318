// Which of a project's unit-test files open a database: those whose relative imports, followed through
// any number of files, reach the project's test-database helper. `npm test -- --database-only` runs only
// these on PGlite; the rest pass or fail alike on either database and run once, in the PostgreSQL run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './workspace.mjs';

const TEST_DATABASE_HELPER = 'src/testing/test-database.ts';
const RELATIVE_IMPORT = /(?:from|import|require|jest\.mock)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

/**
 * The project's `*.spec.ts` files that reach its test-database helper, as paths from the repo root (Jest
 * takes them as path patterns, and they pass through npm's shell as they are); none without the helper.
 */
export function databaseSpecPatterns(projectDir) {
  const helper = join(projectDir, TEST_DATABASE_HELPER);
  if (!existsSync(helper)) return [];
  const sources = new Map();
  const importsOf = (file) => {
    if (!sources.has(file)) {
      const text = readFileSync(file, 'utf8');
      sources.set(
        file,
        [...text.matchAll(RELATIVE_IMPORT)]
          .map(([, path]) => resolveSource(dirname(file), path))
          .filter(Boolean),
      );
    }
    return sources.get(file);
  };
  const reachesHelper = (spec) => {
    const seen = new Set();
    const pending = [spec];
    while (pending.length) {
      const file = pending.pop();
      if (file === helper) return true;
      if (seen.has(file)) continue;
      seen.add(file);
      pending.push(...importsOf(file));
    }
    return false;
  };
  return specFiles(join(projectDir, 'src'))
    .filter(reachesHelper)
    .map((file) => relative(ROOT, file));
}

/** The TypeScript file a relative import names: `x.ts`, `x/index.ts`, or the path itself. */
function resolveSource(fromDir, path) {
  const base = resolve(fromDir, path);
  return [`${base}.ts`, join(base, 'index.ts'), base].find(
    (file) => existsSync(file) && statSync(file).isFile(),
  );
}

function specFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return specFiles(path);
    return entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
