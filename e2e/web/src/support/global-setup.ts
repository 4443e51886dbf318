import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildApiIfStale } from '../../../api/src/support/global-setup';
import { AXE_LOG, WEB_DIR, WEB_DIST } from './paths';

/**
 * Builds what is missing or older than its sources, the API (as the API suite does) and the SPA, so a plain
 * `npx playwright test -c e2e/web/playwright.config.ts` never tests stale code. `npm test` builds first.
 */
export default function globalSetup(): void {
  buildApiIfStale();
  const builtAt = existsSync(join(WEB_DIST, 'index.html'))
    ? statSync(join(WEB_DIST, 'index.html')).mtimeMs
    : 0;
  const sources = [join(WEB_DIR, 'src'), join(WEB_DIR, 'index.html'), join(WEB_DIR, 'public')];
  if (builtAt < Math.max(...sources.map(newestModification))) {
    process.stdout.write(
      '\n[e2e-web] apps/web/dist is missing or stale; running `npm run build` in apps/web\n',
    );
    execFileSync('npm', ['run', 'build'], { cwd: WEB_DIR, stdio: 'inherit' });
  }
  rmSync(AXE_LOG, { force: true });
}

function newestModification(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return path.endsWith('.spec.ts') ? 0 : stats.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestModification(join(path, name))));
}
