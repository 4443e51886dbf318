// `npm run keys -- generate|rotate`: the keys that sign access tokens (apps/api/src/cli/keys.ts).
// Builds the API if stale; its output is only the command's, so `npm run -s keys -- generate` gives a bare PEM.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildQuietly, ROOT } from './lib/workspace.mjs';

await buildQuietly('api');
const { status } = spawnSync(
  process.execPath,
  [join(ROOT, 'apps/api/dist/cli/keys.js'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exitCode = status ?? 1;
