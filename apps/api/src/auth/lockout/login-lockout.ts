import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { User } from '../../users/user.entity';

/** Consecutive wrong passwords that lock an account (DESIGN §6); the 20th, 30th… lock it again, for longer. */
export const LOCKOUT_THRESHOLD = 10;
/** Keeps 2^n finite in SQL however many failures pile up; the maximum duration caps far below it anyway. */
const MAX_DOUBLINGS = 30;

// Both statements decide with the database's clock and in one UPDATE, so API instances (and their clocks)
// agree, and failures arriving at several instances at once add up exactly.
const NOT_LOCKED = '(locked_until IS NULL OR locked_until <= now())';
const NEXT_COUNT = 'failed_login_count + 1';
const LOCK_AFTER_FAILURE = `CASE WHEN (${NEXT_COUNT}) % :threshold = 0
  THEN now() + make_interval(secs => least(
    CAST(:baseMs AS double precision) * power(2, least((${NEXT_COUNT}) / :threshold - 1, ${MAX_DOUBLINGS})),
    CAST(:maxMs AS double precision)) / 1000)
  ELSE locked_until END`;

/**
 * Per-account lockout, kept on the users row so it holds across API instances. Every tenth consecutive
 * failure locks the account: for LOGIN_LOCKOUT_BASE (1 min) the first time, twice as long each further time,
 * up to LOGIN_LOCKOUT_MAX (15 min). While locked, attempts neither count nor succeed; a success resets all.
 */
@Injectable()
export class LoginLockout {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly config: AppConfig,
  ) {}

  /** Counts a wrong password, locking the account on every tenth; ignored while the account is locked. */
  async recordFailure(userId: string): Promise<void> {
    await this.users
      .createQueryBuilder()
      .update(User)
      .set({ failedLoginCount: () => NEXT_COUNT, lockedUntil: () => LOCK_AFTER_FAILURE })
      .where('id = :userId', { userId })
      .andWhere(NOT_LOCKED)
      .setParameters({
        threshold: LOCKOUT_THRESHOLD,
        baseMs: this.config.loginLockoutBaseMs,
        maxMs: this.config.loginLockoutMaxMs,
      })
      .execute();
  }

  /**
   * For the right password: clears the failure count and answers true, or answers false (and clears
   * nothing) while the account is locked. An account with no failures on record needs no write.
   */
  async admitSuccess(user: Pick<User, 'id' | 'failedLoginCount' | 'lockedUntil'>): Promise<boolean> {
    if (user.failedLoginCount === 0 && user.lockedUntil === null) return true;
    const result = await this.users
      .createQueryBuilder()
      .update(User)
      .set({ failedLoginCount: 0, lockedUntil: null })
      .where('id = :userId', { userId: user.id })
      .andWhere(NOT_LOCKED)
      .execute();
    return result.affected === 1;
  }
}
