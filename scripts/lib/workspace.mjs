// Helpers shared by the workspace scripts: where the repo is, running commands, building through Nx.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Nx must never prompt, phone home or keep a daemon around, here or in CI. */
const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

/** Runs a command from the repo root with inherited output; rejects when it fails. */
export function run(command, args, { env, cwd = ROOT } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** Runs a command and returns its stdout; stderr passes through so its errors stay visible. */
export function capture(command, args, { env, cwd = ROOT } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

export function nx(args, options = {}) {
  return run(join(ROOT, 'node_modules/.bin/nx'), args, { ...options, env: { ...NX_ENV, ...options.env } });
}

/** Builds what is missing or stale; Nx replays unchanged builds from its cache in a second. */
export function build(...projects) {
  return nx(['run-many', '-t', 'build', '-p', ...projects, '--output-style=stream']);
}

/** build(), but silent unless it fails: for commands whose own output is what the user came for. */
export function buildQuietly(...projects) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(ROOT, 'node_modules/.bin/nx'),
      ['run-many', '-t', 'build', '-p', ...projects, '--output-style=stream'],
      { cwd: ROOT, env: { ...process.env, ...NX_ENV }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) return resolve();
      process.stderr.write(Buffer.concat(output));
      reject(new Error(`building ${projects.join(', ')} failed`));
    });
  });
}
