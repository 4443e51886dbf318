// Long-running child processes for start, dev and bench: graceful stop on Ctrl-C, optional line prefixes.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from './workspace.mjs';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs the given processes until one exits or we are told to stop, then stops the rest. Each child gets
 * its own process group, so a terminal Ctrl-C (which npm may pass on to us a second time) reaches it
 * exactly once, through us: a second SIGINT would cut the API's graceful shutdown short.
 * Resolves with 0 when the children ended because we asked them to, else the first failing exit code.
 */
export function supervise(specs) {
  return new Promise((resolve) => {
    let stopping = false;
    let exitCode = 0;
    let running = specs.length;

    const children = specs.map(({ name, command, args, env, cwd = ROOT }) => {
      const prefixed = name !== undefined;
      const child = spawn(command, args, {
        cwd,
        env: { ...process.env, ...env },
        detached: true,
        stdio: ['ignore', prefixed ? 'pipe' : 'inherit', prefixed ? 'pipe' : 'inherit'],
      });
      if (prefixed) {
        prefixLines(child.stdout, process.stdout, name);
        prefixLines(child.stderr, process.stderr, name);
      }
      child.on('exit', (code, signal) => {
        if (!stopping && (code !== 0 || specs.length > 1)) {
          exitCode = code || 1;
          if (name) console.error(`[${name}] exited (${signal ?? `code ${code}`}); stopping the others`);
          stopAll('SIGTERM');
        }
        if (--running === 0) {
          STOP_SIGNALS.forEach((s) => process.off(s, onSignal));
          resolve(exitCode);
        }
      });
      return child;
    });

    function stopAll(signal) {
      stopping = true;
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    }

    function onSignal(signal) {
      if (!stopping) stopAll(signal);
    }
    STOP_SIGNALS.forEach((s) => process.on(s, onSignal));
    // If we die anyway, do not leave servers behind in their own process groups.
    process.on('exit', () => stopAll('SIGTERM'));
  });
}

/** One process in the foreground, its output untouched. */
export function runUntilStopped(command, args, options = {}) {
  return supervise([{ command, args, ...options }]);
}

function prefixLines(input, output, name) {
  createInterface({ input }).on('line', (line) => output.write(`[${name}] ${line}\n`));
}
