// `npm start`: build what is stale, then serve the API and the built SPA with the embedded defaults
// (PGlite in ./.data, SMTP catcher) on http://localhost:3000.
import { join } from 'node:path';
import { build, ROOT } from './lib/workspace.mjs';
import { runUntilStopped } from './lib/processes.mjs';

await build('api', 'web');
// glibc reads its malloc settings only at process start, so they are set for the API here, as the Dockerfile
// does: fewer arenas, and a fixed mmap threshold, keep freed memory (image decoding's, the bundle's parse)
// from staying resident (docs/architecture.md › Images).
process.exitCode = await runUntilStopped(process.execPath, [join(ROOT, 'apps/api/dist/bundle/main.js')], {
  env: {
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072',
  },
});
