import { HttpStatus, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, ILike, IsNull, Not } from 'typeorm';
import { MfaReset } from '../../auth/mfa/mfa-reset';
import { totpNotEnabled } from '../../auth/mfa/mfa.problems';
import { SessionsService } from '../../auth/sessions/sessions.service';
import { recordActivity, type SecurityActivity } from '../../common/events/security-activity.event';
import { logSecurityEvent } from '../../common/logging/security-events';
import { ProblemException } from '../../common/problem/problem';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../../mail/outbox.service';
import { User } from '../user.entity';
import { userNotFound, UsersService } from '../users.service';
import { AdminUserDto, AdminUserPageDto } from './dto/admin-user.dto';
import { AccountState, AdminUsersQueryDto } from './dto/admin-users-query.dto';
import { UpdateAdminUserDto } from './dto/update-admin-user.dto';
import { makeAdmin, revokeAdmin } from './admin-role';

const lastAdmin = () =>
  new ProblemException(
    HttpStatus.CONFLICT,
    'LAST_ADMIN',
    'You are the last administrator: appoint another one before you step down or disable your account.',
  );

/**
 * The admin's view of all accounts: find them, approve, disable and appoint (docs/architecture.md › Account
 * states and guards / Routes and folders).
 */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly outbox: OutboxService,
    private readonly mfaReset: MfaReset,
    private readonly events: EventEmitter2,
  ) {}

  async list({ search, state, page, pageSize }: AdminUsersQueryDto): Promise<AdminUserPageDto> {
    const where = this.matching(search, state);
    if (where.length === 0) return { items: [], page, pageSize, total: 0 };
    const [users, total] = await this.dataSource.getRepository(User).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: users.map((user) => this.itemOf(user)), page, pageSize, total };
  }

  /** `actorId`: the admin making the change, named in the security log. */
  async update(id: string, change: UpdateAdminUserDto, actorId: string): Promise<AdminUserDto> {
    const user = await this.dataSource.transaction(async (manager) => {
      // Admin rows are locked first (always in the same order) so that two admins stepping down at once
      // cannot both see the other one as the remaining admin.
      const mayRemoveAnAdmin = change.role === 'user' || change.disabled === true;
      const enabledAdmins = mayRemoveAnAdmin ? await this.lockEnabledAdmins(manager) : [];
      const target = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw userNotFound();
      const removesAnAdmin = mayRemoveAnAdmin && target.role === 'admin' && target.disabledAt === null;
      if (removesAnAdmin && !enabledAdmins.some((admin) => admin.id !== target.id)) throw lastAdmin();
      const before = stateOf(target);
      const saved = await this.apply(manager, target, change);
      for (const activity of auditedChanges(before, stateOf(saved), change)) {
        await recordActivity(this.events, manager, { ...activity, subjectId: id, actorId });
      }
      return saved;
    });
    const { approved, disabled, role, resetMfa } = change;
    logSecurityEvent({
      event: 'admin.user_updated',
      actorId,
      userId: id,
      changes: { approved, disabled, role, resetMfa },
    });
    return this.itemOf(user);
  }

  private async apply(manager: EntityManager, user: User, change: UpdateAdminUserDto): Promise<User> {
    const approvesNow = change.approved === true && user.approvedAt === null;
    if (change.approved !== undefined)
      user.approvedAt = change.approved ? (user.approvedAt ?? new Date()) : null;
    if (change.role === 'admin') makeAdmin(user);
    if (change.role === 'user' && user.role === 'admin') await revokeAdmin(manager, user);
    if (change.resetMfa && !(await this.mfaReset.turnOff(manager, user, true))) throw totpNotEnabled();
    if (change.disabled === false) user.disabledAt = null;
    if (change.disabled === true) {
      user.disabledAt ??= new Date();
      await this.sessions.revokeAllForUser(user.id, undefined, manager);
    }
    const saved = await manager.save(user);
    if (approvesNow && this.config.requireApproval && !saved.disabledAt) {
      // Capped, so an admin toggling approval back and forth does not flood the mailbox.
      await this.outbox.enqueueCapped(manager, {
        to: saved.email,
        template: 'account-approved',
        data: { nickname: saved.nickname, loginUrl: `${this.config.publicUrl}/login` },
        userId: saved.id,
      });
    }
    return saved;
  }

  private lockEnabledAdmins(manager: EntityManager): Promise<User[]> {
    return manager.find(User, {
      select: { id: true },
      where: { role: 'admin', disabledAt: IsNull() },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Each entry is one alternative (OR); an empty list matches nothing. */
  private matching(search: string | undefined, state: AccountState | undefined): FindOptionsWhere<User>[] {
    const byState = state ? this.inState(state) : [{}];
    if (!search) return byState;
    const pattern = `%${escapeLike(search)}%`;
    const bySearch: FindOptionsWhere<User>[] = [{ email: ILike(pattern) }, { nickname: ILike(pattern) }];
    return byState.flatMap((stateWhere) =>
      bySearch.map((searchWhere) => ({ ...stateWhere, ...searchWhere })),
    );
  }

  /** The same rules as UsersService.isApproved and the guards, as query conditions. */
  private inState(state: AccountState): FindOptionsWhere<User>[] {
    const enabledAndConfirmed = { disabledAt: IsNull(), emailConfirmedAt: Not(IsNull()) };
    const requireApproval = this.config.requireApproval;
    switch (state) {
      case 'unconfirmed':
        return [{ disabledAt: IsNull(), emailConfirmedAt: IsNull() }];
      case 'pending':
        return requireApproval ? [{ ...enabledAndConfirmed, approvedAt: IsNull(), role: 'user' }] : [];
      case 'active':
        return requireApproval
          ? [
              { ...enabledAndConfirmed, approvedAt: Not(IsNull()) },
              { ...enabledAndConfirmed, role: 'admin' },
            ]
          : [enabledAndConfirmed];
      case 'disabled':
        return [{ disabledAt: Not(IsNull()) }];
      case 'admin':
        return [{ role: 'admin' }];
    }
  }

  private itemOf(user: User): AdminUserDto {
    const { id, email, nickname, avatarUrl, role, emailConfirmed, approved, mfaEnabled, createdAt } =
      this.users.profileOf(user);
    return {
      id,
      email,
      nickname,
      avatarUrl,
      role,
      emailConfirmed,
      approved,
      mfaEnabled,
      disabled: user.disabledAt !== null,
      createdAt,
    };
  }
}

interface AuditedState {
  approved: boolean;
  disabled: boolean;
  role: string;
}

const stateOf = (user: User): AuditedState => ({
  approved: user.approvedAt !== null,
  disabled: user.disabledAt !== null,
  role: user.role,
});

/**
 * One audit row per field the PATCH set that really changed: repeating the current state records nothing, and
 * the approval an appointment implies is part of the role change.
 */
function auditedChanges(
  before: AuditedState,
  after: AuditedState,
  { approved, resetMfa }: UpdateAdminUserDto,
): Pick<SecurityActivity, 'type' | 'details'>[] {
  const changes: Pick<SecurityActivity, 'type' | 'details'>[] = [];
  if (approved !== undefined && before.approved !== after.approved)
    changes.push({ type: 'admin.user_approved', details: { approved: after.approved } });
  if (before.disabled !== after.disabled)
    changes.push({ type: after.disabled ? 'admin.user_disabled' : 'admin.user_enabled' });
  if (before.role !== after.role) changes.push({ type: 'admin.role_changed', details: { role: after.role } });
  if (resetMfa === true) changes.push({ type: 'admin.mfa_reset' });
  return changes;
}

/** LIKE's wildcards and its escape character (backslash, PostgreSQL's default) match only themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
