import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { logSecurityEvent } from '../../common/logging/security-events';
import { AppConfig } from '../../config/app-config';
import { User } from '../../users/user.entity';

/**
 * Consecutive wrong passwords that lock an account (docs/architecture.md › Passwords, lockout and
 * throttling); the 20th, 30th… lock it again, for longer.
 */
export const LOCKOUT_THRESHOLD = 10;
/** Keeps 2^n finite in SQL however many failures pile up; the maximum duration caps far below it anyway. */
const MAX_DOUBLINGS = 30;

/**
 * The lock's end after one more failure, for a row whose columns are `failed_login_count` and `locked_until`
 * (with `table.` in front where the statement needs it). Decided with the database's clock and in the same
 * statement as the count, so API instances (and their clocks) agree and parallel failures add up exactly.
 */
function lockAfterFailure(table: string, [threshold, baseMs, maxMs]: readonly string[]): string {
  const next = `${table}failed_login_count + 1`;
  return `CASE WHEN (${next}) % ${threshold} = 0
    THEN now() + make_interval(secs => least(
      CAST(${baseMs} AS double precision) * power(2, least((${next}) / ${threshold} - 1, ${MAX_DOUBLINGS})),
      CAST(${maxMs} AS double precision)) / 1000)
    ELSE ${table}locked_until END`;
}
const notLocked = (table = '') => `(${table}locked_until IS NULL OR ${table}locked_until <= now())`;

/** A failure that was counted: the new count, and the lock's end when this very failure locked. */
export interface CountedFailure {
  failures: number;
  lockedUntil?: Date;
}

interface CountRow {
  failed_login_count: number;
  locked_until: Date | string | null;
}

/**
 * Lockout kept in the database so it holds across API instances: every tenth consecutive failure locks, for
 * LOGIN_LOCKOUT_BASE (1 min) the first time, twice as long each further time, up to LOGIN_LOCKOUT_MAX (15 min).
 * While locked, attempts neither count nor succeed; a success resets the count.
 *
 * Two kinds of counter (docs/architecture.md, Passwords, lockout and throttling): the account's, on the users
 * row, for attempts that carry no device token of the account (a lock there refuses only such attempts); and
 * one per known device, in device_lockouts, so that nobody can lock the owner's own browser out from elsewhere.
 */
@Injectable()
export class LoginLockout {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts a wrong password against the account (logging `auth.account_locked` when it locks); undefined
   * (nothing counted) while the account is locked.
   */
  async recordFailure(userId: string, manager = this.users.manager): Promise<CountedFailure | undefined> {
    const result = await manager
      .createQueryBuilder()
      .update(User)
      .set({
        failedLoginCount: () => 'failed_login_count + 1',
        lockedUntil: () => lockAfterFailure('', [':threshold', ':baseMs', ':maxMs']),
      })
      .where('id = :userId', { userId })
      .andWhere(notLocked())
      .setParameters(this.lockParameters())
      .returning('failed_login_count, locked_until')
      .execute();
    const failure = countedFailure((result.raw as CountRow[])[0]);
    if (failure?.lockedUntil) logSecurityEvent({ event: 'auth.account_locked', userId, ...lockOf(failure) });
    return failure;
  }

  /**
   * For the right password: clears the failure count and answers true, or answers false (and clears
   * nothing) while the account is locked. An account with no failures on record needs no write.
   */
  async admitSuccess(user: Pick<User, 'id' | 'failedLoginCount' | 'lockedUntil'>): Promise<boolean> {
    if (user.failedLoginCount === 0 && user.lockedUntil === null) return true;
    return this.clearUnlessLocked(user.id);
  }

  /** Clears the account's failure count unless it is locked: true when it was not locked. */
  async clearUnlessLocked(userId: string): Promise<boolean> {
    const result = await this.users
      .createQueryBuilder()
      .update(User)
      .set({ failedLoginCount: 0, lockedUntil: null })
      .where('id = :userId', { userId })
      .andWhere(notLocked())
      .execute();
    return result.affected === 1;
  }

  /** The same for one known device of the account, on its own row (`auth.device_locked` when it locks). */
  async recordDeviceFailure(
    userId: string,
    deviceId: string,
    manager = this.users.manager,
  ): Promise<CountedFailure | undefined> {
    const { threshold, baseMs, maxMs } = this.lockParameters();
    const rows: CountRow[] = await manager.query(
      `INSERT INTO device_lockouts AS device (device_id, user_id, failed_login_count) VALUES ($1, $2, 1)
       ON CONFLICT (device_id) DO UPDATE SET
         failed_login_count = device.failed_login_count + 1,
         locked_until = ${lockAfterFailure('device.', ['$3', '$4', '$5'])}
       WHERE ${notLocked('device.')}
       RETURNING failed_login_count, locked_until`,
      [deviceId, userId, threshold, baseMs, maxMs],
    );
    const failure = countedFailure(rows[0]);
    if (failure?.lockedUntil) {
      logSecurityEvent({ event: 'auth.device_locked', userId, deviceId, ...lockOf(failure) });
    }
    return failure;
  }

  /** For the right password from a known device: false while that device is locked, else its count is cleared. */
  async admitDeviceSuccess(deviceId: string): Promise<boolean> {
    const locked: unknown[] = await this.users.manager.query(
      `SELECT 1 FROM device_lockouts WHERE device_id = $1 AND NOT ${notLocked()}`,
      [deviceId],
    );
    if (locked.length > 0) return false;
    await this.users.manager.query(`DELETE FROM device_lockouts WHERE device_id = $1`, [deviceId]);
    return true;
  }

  /**
   * Whether a sign-in attempt is refused by a running lock: the device's own with a known device, else the
   * account's. For a step that must honour the lock without clearing the count (a right password whose
   * second step is still pending).
   */
  async isLocked(userId: string, deviceId?: string): Promise<boolean> {
    const [table, column, id] = deviceId
      ? ['device_lockouts', 'device_id', deviceId]
      : ['users', 'id', userId];
    const locked: unknown[] = await this.users.manager.query(
      `SELECT 1 FROM ${table} WHERE ${column} = $1 AND NOT ${notLocked()}`,
      [id],
    );
    return locked.length > 0;
  }

  private lockParameters() {
    return {
      threshold: LOCKOUT_THRESHOLD,
      baseMs: this.config.loginLockoutBaseMs,
      maxMs: this.config.loginLockoutMaxMs,
    };
  }
}

function countedFailure(row: CountRow | undefined): CountedFailure | undefined {
  if (!row) return undefined;
  const failures = Number(row.failed_login_count);
  const lockedNow = failures % LOCKOUT_THRESHOLD === 0 && row.locked_until !== null;
  return lockedNow ? { failures, lockedUntil: new Date(row.locked_until!) } : { failures };
}

function lockOf({ failures, lockedUntil }: CountedFailure) {
  return { failures, lockedUntil: lockedUntil!.toISOString() };
}
