// `npm test`: every test the project has — each project's unit tests (Jest, and Vitest for the SPA), then
// the black-box API suite and the browser suite against a fresh build — against PGlite unless DATABASE_URL
// is set. Ends with the line CI reads: "N passed, N failed".
//
// Options, for CI (.ci/run), which builds once and runs this on PGlite and then on PostgreSQL:
//   --no-build       use the builds in apps/*/dist as they are (the caller made them)
//   --database-only  only the suites whose outcome depends on the database: the API's unit tests that open
//                    one (scripts/lib/database-specs.mjs) and the black-box API suite (the other unit tests,
//                    the SPA's and the browser suite run in the other run)
// With DATABASE_URL and REDIS_URL set (and not --database-only), the deploy test runs last: docker-compose.yml's
// wiring in Debian's nginx in front of two API instances (e2e/api/src/deploy).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { databaseSpecPatterns } from './lib/database-specs.mjs';
import { build, nx, ROOT, run } from './lib/workspace.mjs';

const options = new Set(process.argv.slice(2));
const unknown = [...options].filter((option) => !['--no-build', '--database-only'].includes(option));
if (unknown.length) throw new Error(`unknown option ${unknown.join(', ')}: see scripts/test.mjs`);
const DATABASE = process.env.DATABASE_URL ? 'postgres' : 'pglite';
// The projects whose tests open a database; the others pass or fail alike on PGlite and on PostgreSQL.
const DATABASE_PROJECTS = ['api'];

// Each Jest run writes its totals here (relative to the project it runs in), so we can add them up; named
// after the database, so that a run on PGlite and one on PostgreSQL can go on side by side.
const RESULTS = `test-results/jest-${DATABASE}.json`;
// Vitest's JSON reporter writes the same totals (numPassedTests, …) under its own name.
const VITEST_RESULTS = `test-results/vitest-${DATABASE}.json`;
const E2E_CONFIG = 'e2e/api/jest.config.js';
const DEPLOY_CONFIG = 'e2e/api/jest.deploy.config.cjs';
const DEPLOY_RESULTS = `test-results/jest-deploy.json`;
// Five files at a time on two cores: a file spends much of its time waiting (API start-up and shutdown,
// PGlite restarts, deliberate waits for windows to pass), and each file has its own API instances,
// databases and ports. With two, the cores were idle for about half of the run on PostgreSQL; with three,
// still for about a third; with four, 14% on PGlite (178 s; five: 163 s). Six took 158 s, but a loaded
// machine stretches the tests' timing windows more than that is worth.
const E2E_WORKERS = 5;
const BROWSER_CONFIG = 'e2e/web/playwright.config.ts';
const BROWSER_RESULTS = 'e2e/web/test-results/playwright.json';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Every core for the unit tests (Jest and Vitest leave one free by default, for an editor beside a watch):
// nothing else runs beside them here, and the database tests spend much of their time waiting on it.
const UNIT_WORKERS = availableParallelism();
// PGlite loads its WASM through dynamic import inside Jest's VM, which needs this flag.
const JEST_NODE_OPTIONS = '--experimental-vm-modules --disable-warning=ExperimentalWarning';

console.log(`database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}`);
const testedDirs = workspaceDirsWithScript('test').filter(
  (dir) => !options.has('--database-only') || DATABASE_PROJECTS.includes(projectName(dir)),
);
const buildFirst = options.has('--no-build') ? async () => undefined : () => build('api', 'web');
const vitestDirs = testedDirs.filter((dir) => /^vitest\b/.test(packageJson(dir).scripts.test));
const jestDirs = testedDirs.filter((dir) => !vitestDirs.includes(dir));
const totals = { passed: 0, failed: 0, skipped: 0 };
const stepTimes = [];
let failedSteps = 0;

for (const dir of testedDirs) prepareResults(dir);
// The cache is skipped: a replayed run leaves no results file to count, and tests are the point here.
const onlyDatabaseSpecs = options.has('--database-only') ? jestDirs.flatMap(databaseSpecPatterns) : [];
await runUnitTests(jestDirs, [
  `--maxWorkers=${UNIT_WORKERS}`,
  '--json',
  `--outputFile=${RESULTS}`,
  ...onlyDatabaseSpecs,
]);
await runUnitTests(vitestDirs, [
  `--maxWorkers=${UNIT_WORKERS}`,
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${VITEST_RESULTS}`,
]);
for (const dir of testedDirs) addResults(dir);

if (existsSync(join(ROOT, E2E_CONFIG))) {
  prepareResults(ROOT);
  await attempt('API e2e suite', async () => {
    await buildFirst();
    await run(
      join(ROOT, 'node_modules/.bin/jest'),
      ['-c', E2E_CONFIG, `--maxWorkers=${E2E_WORKERS}`, '--json', `--outputFile=${RESULTS}`],
      {
        env: { NODE_OPTIONS: JEST_NODE_OPTIONS },
      },
    );
  });
  addResults(ROOT);
} else {
  console.log(`\nno ${E2E_CONFIG} yet: the API e2e suite was not run`);
}

if (options.has('--database-only')) {
  console.log('\n--database-only: the browser suite runs in the other run');
} else if (existsSync(join(ROOT, BROWSER_CONFIG))) {
  rmSync(join(ROOT, BROWSER_RESULTS), { force: true });
  await attempt('browser suite', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`the browser suite needs Debian's Chromium at ${CHROMIUM}: apt-get install chromium`);
    }
    await buildFirst();
    await run(join(ROOT, 'node_modules/.bin/playwright'), ['test', '-c', BROWSER_CONFIG], {
      env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    });
  });
  addBrowserResults(join(ROOT, BROWSER_RESULTS));
}

if (options.has('--database-only') || !process.env.DATABASE_URL || !process.env.REDIS_URL) {
  console.log('\nthe deploy test runs with DATABASE_URL and REDIS_URL set, in the PostgreSQL run');
} else {
  rmSync(join(ROOT, DEPLOY_RESULTS), { force: true });
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  await attempt('deploy test', async () => {
    await buildFirst();
    await run(
      join(ROOT, 'node_modules/.bin/jest'),
      ['-c', DEPLOY_CONFIG, '--runInBand', '--json', `--outputFile=${DEPLOY_RESULTS}`],
      { env: { NODE_OPTIONS: JEST_NODE_OPTIONS } },
    );
  });
  addResultsFile(join(ROOT, DEPLOY_RESULTS));
}

// A step that failed before any test did (a build, a crashed Jest) still counts as a failure.
const failed = totals.failed || (failedSteps ? 1 : 0);
console.log(`\ntimes on ${DATABASE}:\n${stepTimes.map((line) => `  ${line}`).join('\n')}`);
console.log(
  `\n${totals.passed} passed, ${failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exitCode = failedSteps || failed ? 1 : 0;

/**
 * Runs one step and notes its time; a failure is counted and reported, and the remaining steps still run.
 */
async function attempt(name, step) {
  const startedAt = Date.now();
  try {
    await step();
  } catch (error) {
    console.error(error.message);
    failedSteps++;
  } finally {
    stepTimes.push(`${name}: ${Math.round((Date.now() - startedAt) / 1000)} s`);
  }
}

/** Runs the `test` target of the given projects, passing `args` on to their runner. */
async function runUnitTests(dirs, args) {
  if (dirs.length === 0) return;
  const projects = dirs.map(projectName);
  await attempt(`unit tests of ${projects.join(', ')}`, () =>
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
  if (file) addResultsFile(file);
}

function addResultsFile(file) {
  if (!existsSync(file)) return;
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

function projectName(dir) {
  const { nx: settings, name } = packageJson(dir);
  return settings?.name ?? name;
}

function packageJson(dir) {
  return readJson(join(dir, 'package.json'));
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}
