// Builds dist/: the client as an ES module with its types and a package.json of its own, so
// `npm pack libs/api-client/dist` makes a package that works outside this repository. Inside the repository
// the workspace package keeps pointing at src/ (Vite and tsc read TypeScript directly).
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.build.json')], { stdio: 'inherit' });
// tsc does not copy declaration files it only reads; the generated schema is one.
copyFileSync(join(here, 'src/schema.d.ts'), join(dist, 'schema.d.ts'));
copyFileSync(join(here, 'openapi.json'), join(dist, 'openapi.json'));
copyFileSync(join(here, 'README.md'), join(dist, 'README.md'));

const own = readJson(join(here, 'package.json'));
const root = readJson(join(here, '../../package.json'));
const fetchVersion = root.dependencies['openapi-fetch'];
writeFileSync(
  join(dist, 'package.json'),
  `${JSON.stringify(
    {
      name: own.name,
      version: own.version,
      description: 'Typed client for the Latchkey API (openapi-fetch over its OpenAPI document).',
      license: root.license,
      type: 'module',
      engines: root.engines,
      exports: {
        '.': { types: './index.d.ts', import: './index.js' },
        './openapi.json': './openapi.json',
      },
      types: './index.d.ts',
      sideEffects: false,
      dependencies: { 'openapi-fetch': fetchVersion },
    },
    null,
    2,
  )}\n`,
);
console.log(`built ${own.name}@${own.version} into ${dist}`);
