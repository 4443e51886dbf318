// `npm test`: every test the project has — each project's unit tests, then the black-box API suite
// against a fresh build — against PGlite unless DATABASE_URL is set. Ends with the line CI reads:
// "N passed, N failed".
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, nx, ROOT, run } from './lib/workspace.mjs';

// Each Jest run writes its totals here (relative to the project it runs in), so we can add them up.
const RESULTS = 'test-results/jest.json';
const E2E_CONFIG = 'e2e/api/jest.config.js';
// PGlite loads its WASM through dynamic import inside Jest's VM, which needs this flag.
const JEST_NODE_OPTIONS = '--experimental-vm-modules --disable-warning=ExperimentalWarning';

console.log(`database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}`);
const testedDirs = workspaceDirsWithScript('test');
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = 0;

for (const dir of testedDirs) prepareResults(dir);
// The cache is skipped: a replayed run leaves no results file to count, and tests are the point here.
await attempt(() =>
  nx([
    'run-many',
    '-t',
    'test',
    '--skip-nx-cache',
    '--output-style=stream',
    '--',
    '--json',
    `--outputFile=${RESULTS}`,
  ]),
);
for (const dir of testedDirs) addResults(dir);

if (existsSync(join(ROOT, E2E_CONFIG))) {
  prepareResults(ROOT);
  await attempt(async () => {
    await build('api', 'web');
    await run(
      join(ROOT, 'node_modules/.bin/jest'),
      ['-c', E2E_CONFIG, '--runInBand', '--json', `--outputFile=${RESULTS}`],
      {
        env: { NODE_OPTIONS: JEST_NODE_OPTIONS },
      },
    );
  });
  addResults(ROOT);
} else {
  console.log(`\nno ${E2E_CONFIG} yet: the API e2e suite was not run`);
}

// A step that failed before any test did (a build, a crashed Jest) still counts as a failure.
const failed = totals.failed || (failedSteps ? 1 : 0);
console.log(
  `\n${totals.passed} passed, ${failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exitCode = failedSteps || failed ? 1 : 0;

/** Runs one step; a failure is counted and reported, and the remaining steps still run. */
async function attempt(step) {
  try {
    await step();
  } catch (error) {
    console.error(error.message);
    failedSteps++;
  }
}

/** The workspace packages (as Nx infers projects from package.json scripts) that have the given script. */
function workspaceDirsWithScript(script) {
  const { workspaces } = readJson(join(ROOT, 'package.json'));
  return workspaces
    .flatMap((pattern) => {
      const parent = join(ROOT, pattern.replace(/\/\*$/, ''));
      return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
    })
    .filter(
      (dir) => existsSync(join(dir, 'package.json')) && readJson(join(dir, 'package.json')).scripts?.[script],
    );
}

function prepareResults(dir) {
  rmSync(join(dir, RESULTS), { force: true });
  mkdirSync(join(dir, 'test-results'), { recursive: true }); // Jest does not create it
}

function addResults(dir) {
  const file = join(dir, RESULTS);
  if (!existsSync(file)) return;
  const results = readJson(file);
  totals.passed += results.numPassedTests;
  // A suite that could not run (syntax error, failing hook) has no failed test but is a failure all the same.
  totals.failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
  totals.skipped += results.numPendingTests + results.numTodoTests;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}
