// `npm test`: every test the project has — each project's unit tests (Jest, and Vitest for the SPA), then
// the black-box API suite and the browser suite against a fresh build — against PGlite unless DATABASE_URL
// is set. Ends with the line CI reads: "N passed, N failed".
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, nx, ROOT, run } from './lib/workspace.mjs';

// Each Jest run writes its totals here (relative to the project it runs in), so we can add them up.
const RESULTS = 'test-results/jest.json';
// Vitest's JSON reporter writes the same totals (numPassedTests, …) under its own name.
const VITEST_RESULTS = 'test-results/vitest.json';
const E2E_CONFIG = 'e2e/api/jest.config.js';
const BROWSER_CONFIG = 'e2e/web/playwright.config.ts';
const BROWSER_RESULTS = 'e2e/web/test-results/playwright.json';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// PGlite loads its WASM through dynamic import inside Jest's VM, which needs this flag.
const JEST_NODE_OPTIONS = '--experimental-vm-modules --disable-warning=ExperimentalWarning';

console.log(`database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}`);
const testedDirs = workspaceDirsWithScript('test');
const vitestDirs = testedDirs.filter((dir) => /^vitest\b/.test(packageJson(dir).scripts.test));
const jestDirs = testedDirs.filter((dir) => !vitestDirs.includes(dir));
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = 0;

for (const dir of testedDirs) prepareResults(dir);
// The cache is skipped: a replayed run leaves no results file to count, and tests are the point here.
await runUnitTests(jestDirs, ['--json', `--outputFile=${RESULTS}`]);
await runUnitTests(vitestDirs, ['--reporter=default', '--reporter=json', `--outputFile=${VITEST_RESULTS}`]);
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

if (existsSync(join(ROOT, BROWSER_CONFIG))) {
  rmSync(join(ROOT, BROWSER_RESULTS), { force: true });
  await attempt(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`the browser suite needs Debian's Chromium at ${CHROMIUM}: apt-get install chromium`);
    }
    await build('api', 'web');
    await run(join(ROOT, 'node_modules/.bin/playwright'), ['test', '-c', BROWSER_CONFIG], {
      env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    });
  });
  addBrowserResults(join(ROOT, BROWSER_RESULTS));
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

/** Runs the `test` target of the given projects, passing `args` on to their runner. */
async function runUnitTests(dirs, args) {
  if (dirs.length === 0) return;
  const projects = dirs.map((dir) => packageJson(dir).nx?.name ?? packageJson(dir).name);
  await attempt(() =>
    nx([
      'run-many',
      '-t',
      'test',
      '-p',
      ...projects,
      '--skip-nx-cache',
      '--output-style=stream',
      '--',
      ...args,
    ]),
  );
}

/** The workspace packages (as Nx infers projects from package.json scripts) that have the given script. */
function workspaceDirsWithScript(script) {
  const { workspaces } = readJson(join(ROOT, 'package.json'));
  return workspaces
    .flatMap((pattern) => {
      const parent = join(ROOT, pattern.replace(/\/\*$/, ''));
      return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
    })
    .filter((dir) => existsSync(join(dir, 'package.json')) && packageJson(dir).scripts?.[script]);
}

function prepareResults(dir) {
  for (const file of [RESULTS, VITEST_RESULTS]) rmSync(join(dir, file), { force: true });
  mkdirSync(join(dir, 'test-results'), { recursive: true }); // Jest does not create it
}

function addResults(dir) {
  const file = [RESULTS, VITEST_RESULTS].map((name) => join(dir, name)).find((path) => existsSync(path));
  if (!file) return;
  const results = readJson(file);
  totals.passed += results.numPassedTests;
  // A suite that could not run (syntax error, failing hook) has no failed test but is a failure all the same.
  totals.failed += results.numFailedTests + suitesThatFailedToRun(results);
  totals.skipped += results.numPendingTests + results.numTodoTests;
}

/** Jest counts them itself; Vitest reports such a file as failed with no failed test in it. */
function suitesThatFailedToRun(results) {
  if (results.numRuntimeErrorTestSuites !== undefined) return results.numRuntimeErrorTestSuites;
  return results.testResults.filter(
    (suite) => suite.status === 'failed' && !suite.assertionResults.some((test) => test.status === 'failed'),
  ).length;
}

/** Playwright's JSON report: expected = passed, unexpected = failed, flaky = passed on a retry. */
function addBrowserResults(file) {
  if (!existsSync(file)) return;
  const { stats, errors = [] } = readJson(file);
  totals.passed += stats.expected + stats.flaky;
  // Errors outside any test (global setup, a crashed worker) fail the run without failing a test.
  totals.failed += stats.unexpected + (errors.length && !stats.unexpected ? 1 : 0);
  totals.skipped += stats.skipped;
}

function packageJson(dir) {
  return readJson(join(dir, 'package.json'));
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}
