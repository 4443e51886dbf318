import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Another live process holds the embedded database's files. */
export class DataDirInUseError extends Error {}

/**
 * A pid file that keeps a second process off the PGlite files: PGlite does not guard them itself, and two
 * processes writing one data directory corrupt it. A file whose process has died is taken over.
 */
export class DataDirLock {
  constructor(
    private readonly file: string,
    private readonly pid = process.pid,
  ) {}

  acquire(): void {
    // Two rounds: the second one follows the removal of a dead holder's file.
    for (let round = 0; round < 2; round++) {
      try {
        writeFileSync(this.file, String(this.pid), { flag: 'wx' });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = this.holder();
      if (holder !== undefined && holder !== this.pid && isAlive(holder)) {
        throw new DataDirInUseError(
          `the embedded database is in use by process ${holder} (lock file ${this.file}); PGlite allows one ` +
            'process at a time, so stop the app first, or use PostgreSQL through DATABASE_URL',
        );
      }
      rmSync(this.file, { force: true });
    }
    throw new DataDirInUseError(`could not take the lock file ${this.file}`);
  }

  /** Removes the file only while it is still ours. */
  release(): void {
    if (this.holder() === this.pid) rmSync(this.file, { force: true });
  }

  private holder(): number | undefined {
    try {
      const pid = Number(readFileSync(this.file, 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists but belongs to another user
  }
}
