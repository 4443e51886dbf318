import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, DataDirLock } from './data-dir-lock';

describe('DataDirLock', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-lock-'));
    file = join(dir, 'pglite.lock');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The pid of a process that has already exited. */
  function deadPid(): number {
    const { pid } = spawnSync(process.execPath, ['-e', '']);
    return pid;
  }

  it('writes its pid on acquire and removes the file on release', () => {
    const lock = new DataDirLock(file);
    lock.acquire();
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses while another live process holds the file, and leaves that file alone', () => {
    const holder = process.ppid; // the process that started this test: certainly alive
    writeFileSync(file, String(holder));

    expect(() => new DataDirLock(file).acquire()).toThrow(DataDirInUseError);
    expect(() => new DataDirLock(file).acquire()).toThrow(`in use by process ${holder}`);
    new DataDirLock(file).release();
    expect(readFileSync(file, 'utf8')).toBe(String(holder));
  });

  it.each([
    ['a process that has exited', () => String(deadPid())],
    ['unreadable content', () => 'not a pid'],
  ])('takes over a file left by %s', (_label, content) => {
    writeFileSync(file, content());
    new DataDirLock(file).acquire();
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
  });

  it('takes over its own stale file (a restarted container often gets the same pid)', () => {
    writeFileSync(file, String(process.pid));
    expect(() => new DataDirLock(file).acquire()).not.toThrow();
  });

  it('keeps two holders apart', () => {
    const first = new DataDirLock(file, process.ppid);
    first.acquire();
    expect(() => new DataDirLock(file).acquire()).toThrow(DataDirInUseError);
    first.release();
    new DataDirLock(file).acquire();
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
  });
});
