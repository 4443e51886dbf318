// `npm run dev`: the API recompiled and restarted on every change, and the SPA on Vite's dev server
// (http://localhost:5173) with hot reload, proxying /api and /dev to the API.
import { join } from 'node:path';
import { supervise } from './lib/processes.mjs';
import { ROOT, run } from './lib/workspace.mjs';

const api = join(ROOT, 'apps/api');
const web = join(ROOT, 'apps/web');
const tsc = join(ROOT, 'node_modules/.bin/tsc');
const port = process.env.PORT ?? '3000';

// One full compile first, so node has a main.js to start and tsc --watch only has changes left to emit.
await run(tsc, ['-p', 'tsconfig.build.json'], { cwd: api });

process.exitCode = await supervise([
  {
    name: 'tsc',
    command: tsc,
    args: ['-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'],
    cwd: api,
  },
  {
    name: 'api',
    command: process.execPath,
    // From the repo root, like npm start, so both keep their data in ./.data.
    args: ['--watch', 'apps/api/dist/main.js'],
    // Links in mails should open the SPA on Vite's server.
    env: { PORT: port, PUBLIC_URL: process.env.PUBLIC_URL ?? 'http://localhost:5173' },
  },
  { name: 'web', command: join(ROOT, 'node_modules/.bin/vite'), args: [], cwd: web, env: { PORT: port } },
]);
