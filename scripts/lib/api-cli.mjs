import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildQuietly, ROOT } from './workspace.mjs';

/**
 * Runs the API's command-line tool `name` (apps/api/src/cli/<name>.ts) with this process's arguments, after
 * building the API if it is stale, and exits as it does. The build is quiet, so the tool's output is all
 * there is (`npm run -s keys -- generate` gives a bare PEM).
 */
export async function runApiCli(name) {
  await buildQuietly('api');
  const { status } = spawnSync(
    process.execPath,
    [join(ROOT, `apps/api/dist/cli/${name}.js`), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exitCode = status ?? 1;
}
