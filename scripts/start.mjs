// `npm start`: build what is stale, then serve the API and the built SPA with the embedded defaults
// (PGlite in ./.data, SMTP catcher) on http://localhost:3000.
import { join } from 'node:path';
import { apiMallocEnv } from './lib/malloc-settings.mjs';
import { runUntilStopped } from './lib/processes.mjs';
import { build, ROOT } from './lib/workspace.mjs';

await build('api', 'web');
process.exitCode = await runUntilStopped(process.execPath, [join(ROOT, 'apps/api/dist/bundle/main.js')], {
  env: apiMallocEnv(),
});
