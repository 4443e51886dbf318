// `npm run seed -- personas`: development accounts with known passwords on the database the app uses
// (DATABASE_URL, or the embedded PGlite in ./.data, which needs the app stopped). Builds the API if stale.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildQuietly, ROOT } from './lib/workspace.mjs';

await buildQuietly('api');
const { status } = spawnSync(
  process.execPath,
  [join(ROOT, 'apps/api/dist/cli/seed.js'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exitCode = status ?? 1;
