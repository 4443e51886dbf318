import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ActivityDetails, SecurityActivity } from '../common/events/security-activity.event';
import type { RequestClient } from '../common/logging/request-log';
import type { ActivityPosition } from './activity-cursor';
import { SecurityEventRow } from './security-event.entity';

/** A row as the lists read it: with both accounts' nicknames and the exact position for the cursor. */
export interface ActivityListRow {
  id: string;
  type: string;
  position: string;
  occurred_at: Date;
  ip: string | null;
  user_agent: string | null;
  session_id: string | null;
  details: ActivityDetails;
  subject_id: string | null;
  subject_pseudonym: string | null;
  subject_nickname: string | null;
  actor_id: string | null;
  actor_pseudonym: string | null;
  actor_nickname: string | null;
}

/** What a list asks for; every condition given must hold. */
export interface ActivityFilter {
  /** Events that happened to this account (its own activity). */
  subjectId?: string;
  /** Events that happened to or were done by this account (the audit's user filter). */
  involvedId?: string;
  type?: string;
  from?: Date;
  to?: Date;
  after?: ActivityPosition;
  limit: number;
}

const USER_AGENT_MAX = 512;
const IP_MAX = 64;
/** Rows one retention statement deletes: short locks and a bounded WAL burst however much has piled up. */
export const RETENTION_BATCH = 1000;

@Injectable()
export class ActivityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes the row in the caller's transaction. */
  async insert(manager: EntityManager, activity: SecurityActivity, client?: RequestClient): Promise<void> {
    await manager.insert(SecurityEventRow, {
      type: activity.type,
      subjectId: activity.subjectId,
      actorId: activity.actorId ?? null,
      sessionId: activity.sessionId ?? null,
      ip: client?.ip.slice(0, IP_MAX) ?? null,
      userAgent: client?.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      details: activity.details ?? {},
    });
  }

  /** Newest first, keyset-paginated on (occurred_at, id), which the indexes serve in that order. */
  async list(filter: ActivityFilter): Promise<ActivityListRow[]> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      values.push(value);
      conditions.push(condition(`$${values.length}`));
    };
    if (filter.subjectId) add((p) => `event.subject_id = ${p}::uuid`, filter.subjectId);
    if (filter.involvedId)
      add((p) => `(event.subject_id = ${p}::uuid OR event.actor_id = ${p}::uuid)`, filter.involvedId);
    if (filter.type) add((p) => `event.type = ${p}`, filter.type);
    if (filter.from) add((p) => `event.occurred_at >= ${p}::timestamptz`, filter.from);
    if (filter.to) add((p) => `event.occurred_at < ${p}::timestamptz`, filter.to);
    if (filter.after) {
      values.push(filter.after.occurredAt, filter.after.id);
      conditions.push(
        `(event.occurred_at, event.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`,
      );
    }
    values.push(filter.limit);
    return this.dataSource.query(
      `SELECT event.id, event.type, event.occurred_at, event.ip, event.user_agent, event.session_id,
         event.details, event.subject_id, event.subject_pseudonym, subject.nickname AS subject_nickname,
         event.actor_id, event.actor_pseudonym, actor.nickname AS actor_nickname,
         to_char(event.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position
       FROM security_events event
       LEFT JOIN users subject ON subject.id = event.subject_id
       LEFT JOIN users actor ON actor.id = event.actor_id
       ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY event.occurred_at DESC, event.id DESC
       LIMIT $${values.length}`,
      values,
    );
  }

  /**
   * A deleted account's traces, in the deletion's transaction: its own rows go; rows an admin wrote about it,
   * or that it wrote as an admin, keep the pseudonym instead of the id; one row records the deletion itself.
   */
  async forget(
    manager: EntityManager,
    userId: string,
    pseudonym: string,
    client?: RequestClient,
  ): Promise<void> {
    await manager.query(
      'DELETE FROM security_events WHERE subject_id = $1 AND (actor_id IS NULL OR actor_id = $1)',
      [userId],
    );
    await manager.query(
      'UPDATE security_events SET subject_id = NULL, subject_pseudonym = $2 WHERE subject_id = $1',
      [userId, pseudonym],
    );
    await manager.query(
      'UPDATE security_events SET actor_id = NULL, actor_pseudonym = $2 WHERE actor_id = $1',
      [userId, pseudonym],
    );
    await manager.insert(SecurityEventRow, {
      type: 'account.deleted',
      subjectId: null,
      subjectPseudonym: pseudonym,
      ip: client?.ip.slice(0, IP_MAX) ?? null,
      userAgent: client?.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      details: {},
    });
  }

  /** Deletes one batch of rows older than `days`; answers how many went. */
  async deleteOlderThan(days: number): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(SecurityEventRow)
      .where(
        `id IN (SELECT id FROM security_events WHERE occurred_at < now() - make_interval(days => :days)
          LIMIT ${RETENTION_BATCH} FOR UPDATE SKIP LOCKED)`,
        { days },
      )
      .execute();
    return result.affected ?? 0;
  }
}
