// The committed OpenAPI document and the client types generated from it.
//   write: rebuild both from the API's decorators.
//   check: fail, with a readable summary, when the committed copies differ from what the code produces.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { build, capture, ROOT } from './lib/workspace.mjs';

const DOCUMENT = join(ROOT, 'libs/api-client/openapi.json');
const SCHEMA = join(ROOT, 'libs/api-client/src/schema.d.ts');
const MAX_DIFF_LINES = 60;
/**
 * defaultNonNullable off: a request field with a default (login's rememberMe, tokenDelivery) is one the
 * client may leave out, so its type must say optional; the default would make it required.
 */
const CLIENT_OPTIONS = { silent: true, defaultNonNullable: false };

const mode = process.argv[2];
if (mode !== 'write' && mode !== 'check') {
  console.error('usage: node scripts/openapi.mjs write|check');
  process.exit(2);
}

await build('api');
const document = await capture(process.execPath, [join(ROOT, 'apps/api/dist/openapi.js')]);
const schema = COMMENT_HEADER + astToString(await openapiTS(JSON.parse(document), CLIENT_OPTIONS));

if (mode === 'write') {
  mkdirSync(dirname(SCHEMA), { recursive: true });
  writeFileSync(DOCUMENT, document);
  writeFileSync(SCHEMA, schema);
  console.log(`wrote ${relative(ROOT, DOCUMENT)} and ${relative(ROOT, SCHEMA)}`);
} else {
  const stale = [
    [DOCUMENT, document],
    [SCHEMA, schema],
  ].filter(([file, expected]) => readOrEmpty(file) !== expected);
  if (stale.length === 0) {
    console.log('OpenAPI document and client types are up to date');
  } else {
    summarizeOperations(readOrEmpty(DOCUMENT), document);
    for (const [file, expected] of stale) printDiff(file, expected);
    console.error('\nThe committed API description is stale: run `npm run openapi` and commit the result.');
    process.exitCode = 1;
  }
}

function readOrEmpty(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** What a reviewer wants first: which operations and schemas came, went or changed. */
function summarizeOperations(committedText, generatedText) {
  const committed = committedText ? JSON.parse(committedText) : {};
  const generated = JSON.parse(generatedText);
  const sections = {
    operations: [operationsOf(committed), operationsOf(generated)],
    schemas: [
      new Map(Object.entries(committed.components?.schemas ?? {})),
      new Map(Object.entries(generated.components?.schemas ?? {})),
    ],
  };
  for (const [section, [before, after]] of Object.entries(sections)) {
    for (const [key, value] of after) {
      if (!before.has(key)) console.error(`  + ${section.slice(0, -1)} ${key} (new in the code)`);
      else if (JSON.stringify(before.get(key)) !== JSON.stringify(value))
        console.error(`  ~ ${section.slice(0, -1)} ${key} changed`);
    }
    for (const key of before.keys())
      if (!after.has(key)) console.error(`  - ${section.slice(0, -1)} ${key} (gone from the code)`);
  }
}

function operationsOf(document) {
  const operations = new Map();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item))
      operations.set(`${method.toUpperCase()} ${path}`, operation);
  }
  return operations;
}

/** A unified diff of the committed file against the generated one, cut short for the log. */
function printDiff(file, expected) {
  if (!existsSync(file)) {
    console.error(`\n${relative(ROOT, file)} is missing`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-openapi-check-'));
  try {
    const generated = join(dir, 'generated');
    writeFileSync(generated, expected);
    const { stdout } = spawnSync('git', ['diff', '--no-index', '--unified=2', '--', file, generated], {
      encoding: 'utf8',
    });
    const lines = stdout.split('\n').slice(4); // drop git's header, which names the temp file
    console.error(`\n${relative(ROOT, file)} differs from the generated version (- committed, + generated):`);
    console.error(lines.slice(0, MAX_DIFF_LINES).join('\n'));
    if (lines.length > MAX_DIFF_LINES) console.error(`… ${lines.length - MAX_DIFF_LINES} more lines`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
