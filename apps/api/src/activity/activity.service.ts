import { Injectable } from '@nestjs/common';
import { deviceLabel } from '../common/http/device-label';
import type { ActivityType } from '../common/events/security-activity.event';
import { type ActivityPosition, decodeCursor, encodeCursor } from './activity-cursor';
import { invalidCursor } from './activity.problems';
import { ActivityFilter, ActivityListRow, ActivityRepository } from './activity.repository';
import type { ActivityQueryDto, AuditQueryDto } from './dto/activity-query.dto';
import type { ActivityAccountDto, ActivityItemDto, AuditItemDto } from './dto/activity.dto';

/** Rows per statement when the export reads the whole activity. */
const EXPORT_PAGE = 500;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The two views of the security activity: one's own, and every event for admins (DESIGN.md §12). */
@Injectable()
export class ActivityService {
  constructor(private readonly activity: ActivityRepository) {}

  /** GET /users/me/activity: what happened to the account, newest first. */
  async own(userId: string, query: ActivityQueryDto): Promise<Page<ActivityItemDto>> {
    const page = await this.page({ subjectId: userId, ...this.position(query) });
    return { ...page, items: page.items.map(activityItemOf) };
  }

  /**
   * The data export's section: every event the retention kept, newest first, read page by page so that no
   * statement returns an unbounded result.
   */
  async everythingOf(userId: string): Promise<ActivityItemDto[]> {
    const items: ActivityItemDto[] = [];
    let after: ActivityPosition | undefined;
    for (;;) {
      const rows = await this.activity.list({ subjectId: userId, after, limit: EXPORT_PAGE });
      items.push(...rows.map(activityItemOf));
      const last = rows.at(-1);
      if (!last || rows.length < EXPORT_PAGE) return items;
      after = { occurredAt: last.position, id: last.id };
    }
  }

  /** GET /admin/audit: every event, filtered. */
  async audit(query: AuditQueryDto): Promise<Page<AuditItemDto>> {
    const { userId, type, from, to } = query;
    const page = await this.page({
      involvedId: userId,
      type,
      from: from === undefined ? undefined : new Date(from),
      to: to === undefined ? undefined : new Date(to),
      ...this.position(query),
    });
    return { ...page, items: page.items.map(auditItemOf) };
  }

  private position({ limit, cursor }: ActivityQueryDto): Pick<ActivityFilter, 'after' | 'limit'> {
    if (cursor === undefined) return { limit };
    const after = decodeCursor(cursor);
    if (!after) throw invalidCursor();
    return { after, limit };
  }

  /** One row more than asked tells whether another page follows, without counting. */
  private async page(filter: ActivityFilter): Promise<Page<ActivityListRow>> {
    const rows = await this.activity.list({ ...filter, limit: filter.limit + 1 });
    const items = rows.slice(0, filter.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > filter.limit && last ? encodeCursor({ occurredAt: last.position, id: last.id }) : null;
    return { items, nextCursor };
  }
}

export function activityItemOf(row: ActivityListRow): ActivityItemDto {
  const details = { ...row.details };
  if (row.actor_pseudonym) details.actorPseudonym = row.actor_pseudonym;
  return {
    id: row.id,
    type: row.type as ActivityType,
    occurredAt: new Date(row.occurred_at).toISOString(),
    ip: row.ip,
    userAgent: row.user_agent,
    device: row.user_agent === null ? null : deviceLabel(row.user_agent),
    sessionId: row.session_id,
    actor: accountOf(row.actor_id, row.actor_nickname, row.actor_pseudonym),
    details,
  };
}

export function auditItemOf(row: ActivityListRow): AuditItemDto {
  const item = activityItemOf(row);
  if (row.subject_pseudonym) item.details.subjectPseudonym = row.subject_pseudonym;
  return { ...item, subject: accountOf(row.subject_id, row.subject_nickname, row.subject_pseudonym) };
}

/** Null when nobody is named; a deleted account keeps its place with both fields null. */
function accountOf(
  id: string | null,
  nickname: string | null,
  pseudonym: string | null,
): ActivityAccountDto | null {
  if (id === null && pseudonym === null) return null;
  return { id, nickname: id === null ? null : nickname };
}
