// CI step "dockerfile installs": no Docker daemon runs here, so each Dockerfile's dependency install is
// replayed instead. The COPY steps up to and including the first `RUN npm ci` copy the same files into a
// scratch directory, and that RUN runs there as `npm ci --dry-run`: npm checks the lock against the
// manifests and runs the root install scripts (our postinstall) without downloading a package, in seconds.
// It catches what broke the images once: `npm ci` running before the files its postinstall needs were copied.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix, relative } from 'node:path';
import { API_MALLOC_SETTINGS } from './lib/malloc-settings.mjs';
import { ROOT } from './lib/workspace.mjs';

const INSTALL = /\bnpm ci\b/;
// Instructions that change nothing the install sees; anything else before it is refused, not guessed at.
const IGNORED = new Set(['ARG', 'LABEL', 'EXPOSE', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'USER', 'SHELL']);

const ignored = dockerignore();
const dockerfiles = [
  ...['Dockerfile'].filter((file) => existsSync(join(ROOT, file))),
  ...readdirSync(join(ROOT, 'apps'))
    .map((app) => posix.join('apps', app, 'Dockerfile'))
    .filter((file) => existsSync(join(ROOT, file))),
];
if (dockerfiles.length === 0)
  throw new Error('no Dockerfile found (looked at ./Dockerfile and apps/*/Dockerfile)');

let failed = 0;
for (const dockerfile of dockerfiles) {
  const scratch = mkdtempSync(join(tmpdir(), 'latchkey-dockerfile-'));
  try {
    const steps = replay(dockerfile, scratch);
    console.log(`${dockerfile}: the install works (${steps} steps replayed)`);
  } catch (error) {
    failed++;
    console.error(`${dockerfile}: ${error.message}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
const API_DOCKERFILE = 'apps/api/Dockerfile';
if (existsSync(join(ROOT, API_DOCKERFILE))) {
  const missing = mallocSettingsMissing(API_DOCKERFILE);
  if (missing.length) {
    failed++;
    console.error(
      `${API_DOCKERFILE}: the final stage's ENV lacks ${missing.join(', ')} (scripts/lib/malloc-settings.mjs)`,
    );
  } else {
    console.log(`${API_DOCKERFILE}: the API runs with the malloc settings that npm start and the bench use`);
  }
}
process.exitCode = failed ? 1 : 0;

/** The API_MALLOC_SETTINGS (as NAME=value) that the Dockerfile's final stage does not set to the same value. */
function mallocSettingsMissing(dockerfile) {
  let env = {};
  for (const { keyword, args } of instructions(readFileSync(join(ROOT, dockerfile), 'utf8'))) {
    if (keyword === 'FROM') env = {};
    if (keyword === 'ENV') Object.assign(env, variablesOf(args));
  }
  return Object.entries(API_MALLOC_SETTINGS)
    .filter(([name, value]) => env[name] !== value)
    .map(([name, value]) => `${name}=${value}`);
}

/** The variables an ENV instruction's `NAME=value` pairs set. */
function variablesOf(args) {
  return Object.fromEntries(
    [...args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map(([, name, value]) => [name, value.replace(/^"|"$/g, '')]),
  );
}

/** Replays the build stage of `dockerfile` up to its install in `scratch`; returns the steps replayed. */
function replay(dockerfile, scratch) {
  let workdir = '/';
  const env = {};
  let steps = 0;
  for (const { keyword, args, line } of instructions(readFileSync(join(ROOT, dockerfile), 'utf8'))) {
    const where = `line ${line}: ${keyword} ${args}`;
    if (keyword === 'FROM') {
      if (steps > 0) break; // a later stage: the install was not in the first one
    } else if (keyword === 'WORKDIR') {
      workdir = posix.resolve(workdir, args);
      mkdirSync(join(scratch, workdir), { recursive: true });
    } else if (keyword === 'ENV') {
      Object.assign(env, variablesOf(args));
    } else if (keyword === 'COPY') {
      copy(args, join(scratch, workdir), where);
    } else if (keyword === 'RUN') {
      if (!INSTALL.test(args))
        throw new Error(`${where}: only the install is replayed; teach this script the step`);
      const run = spawnSync('sh', ['-c', args.replace(INSTALL, 'npm ci --dry-run')], {
        cwd: join(scratch, workdir),
        env: { ...cleanEnvironment(), ...env },
        encoding: 'utf8',
      });
      if (run.status !== 0) {
        throw new Error(`${where} fails (exit code ${run.status}):\n${(run.stdout + run.stderr).trim()}`);
      }
      return steps + 1;
    } else if (!IGNORED.has(keyword)) {
      throw new Error(`${where}: not understood by ${relative(ROOT, import.meta.filename)}`);
    }
    steps++;
  }
  throw new Error('no `RUN npm ci` in its first stage');
}

/** The Dockerfile's instructions, continuation lines joined and comments dropped. */
function* instructions(text) {
  let pending = '';
  let start = 0;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (!pending) start = index + 1;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    const [keyword, ...rest] = (pending + line).split(/\s+/);
    pending = '';
    yield { keyword: keyword.toUpperCase(), args: rest.join(' '), line: start };
  }
}

/** COPY [--chown=…] <source>… <destination>, from the repository (the build context) into the scratch image. */
function copy(args, workdir, where) {
  const words = args.split(/\s+/).filter((word) => !word.startsWith('--'));
  if (args.includes('--from='))
    throw new Error(`${where}: a copy from another stage comes after the install`);
  const destination = words.pop();
  const target = join(workdir, destination);
  const intoDirectory = destination.endsWith('/') || words.length > 1;
  for (const source of words) {
    if (/[*?[]/.test(source)) throw new Error(`${where}: wildcards are not replayed`);
    const from = join(ROOT, source);
    if (!existsSync(from) || ignored(source)) {
      throw new Error(
        `${where}: ${source} is not in the build context (missing, or excluded by .dockerignore)`,
      );
    }
    const to = intoDirectory && !statSync(from).isDirectory() ? join(target, basename(source)) : target;
    cpSync(from, to, { recursive: true, filter: (path) => !ignored(relative(ROOT, path)) });
  }
}

/**
 * Whether .dockerignore keeps a path (relative to the repository) out of the build context: a pattern
 * matches the path or one of its parent folders. Supports what ours uses: `*`, `?` and a leading `**\/`.
 */
function dockerignore() {
  const file = join(ROOT, '.dockerignore');
  const patterns = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'))
    : [];
  if (patterns.some((pattern) => pattern.startsWith('!')))
    throw new Error('.dockerignore exceptions (!) are not supported');
  const expressions = patterns.map((pattern) => {
    const body = pattern
      .replace(/^\/+|\/+$/g, '')
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/^\*\*\//, '\u0000')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')
      .replace('\u0000', '(?:.*/)?');
    return new RegExp(`^${body}$`);
  });
  return (path) => {
    const parts = path.split(/[\\/]/);
    return parts.some((_, end) =>
      expressions.some((expression) => expression.test(parts.slice(0, end + 1).join('/'))),
    );
  };
}

/** This process's environment without the settings an enclosing `npm run` passes down to its children. */
function cleanEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}
