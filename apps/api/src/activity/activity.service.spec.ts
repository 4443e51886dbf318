import { ProblemException } from '../common/problem/problem';
import { encodeCursor } from './activity-cursor';
import type { ActivityFilter, ActivityListRow, ActivityRepository } from './activity.repository';
import { ActivityService } from './activity.service';

const SUBJECT = '11111111-1111-4111-8111-111111111111';
const ADMIN = '22222222-2222-4222-8222-222222222222';

function row(index: number, overrides: Partial<ActivityListRow> = {}): ActivityListRow {
  const seconds = String(59 - index).padStart(2, '0');
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    type: 'auth.signed_in',
    position: `2026-12-06T19:51:${seconds}.000001Z`,
    occurred_at: new Date(`2026-12-06T19:51:${seconds}.000Z`),
    ip: '203.0.113.7',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    session_id: null,
    details: { method: 'password' },
    subject_id: SUBJECT,
    subject_pseudonym: null,
    subject_nickname: 'otter',
    actor_id: null,
    actor_pseudonym: null,
    actor_nickname: null,
    ...overrides,
  };
}

/** A repository holding `rows` newest first, answering as the SQL would (limit only). */
function serviceOver(rows: ActivityListRow[]) {
  const asked: ActivityFilter[] = [];
  const repository = {
    list: (filter: ActivityFilter) => {
      asked.push(filter);
      return Promise.resolve(rows.slice(0, filter.limit));
    },
  } as unknown as ActivityRepository;
  return { service: new ActivityService(repository), asked };
}

describe('ActivityService', () => {
  it('reads one row more than the page to know whether another follows, and points the cursor at the last', async () => {
    const rows = [row(0), row(1), row(2)];
    const { service, asked } = serviceOver(rows);

    const page = await service.own(SUBJECT, { limit: 2 });

    expect(asked[0]).toMatchObject({ subjectId: SUBJECT, limit: 3 });
    expect(page.items.map((item) => item.id)).toEqual([rows[0].id, rows[1].id]);
    expect(page.nextCursor).toBe(encodeCursor({ occurredAt: rows[1].position, id: rows[1].id }));
  });

  it('ends with a null cursor when nothing follows', async () => {
    const { service } = serviceOver([row(0)]);

    expect((await service.own(SUBJECT, { limit: 2 })).nextCursor).toBeNull();
  });

  it('passes a decoded cursor on and refuses a garbled one with 400 INVALID_CURSOR', async () => {
    const { service, asked } = serviceOver([]);
    const position = { occurredAt: '2026-12-06T19:51:33.123456Z', id: row(0).id };

    await service.audit({ limit: 5, cursor: encodeCursor(position), userId: ADMIN, from: '2026-12-01' });
    const refused = await service
      .own(SUBJECT, { limit: 5, cursor: 'garbled' })
      .catch((error: unknown) => error);

    expect(asked[0]).toMatchObject({ after: position, involvedId: ADMIN, from: new Date('2026-12-01') });
    expect(refused).toBeInstanceOf(ProblemException);
    expect((refused as ProblemException).getStatus()).toBe(400);
  });

  it('maps rows to items: device label, actor only when someone else acted, subject in the audit only', async () => {
    const byAdmin = row(0, {
      type: 'admin.user_disabled',
      actor_id: ADMIN,
      actor_nickname: 'boss',
      details: {},
    });
    const { service } = serviceOver([byAdmin, row(1)]);

    const own = await service.own(SUBJECT, { limit: 5 });
    const audit = await service.audit({ limit: 5 });

    expect(own.items[0]).toEqual({
      id: byAdmin.id,
      type: 'admin.user_disabled',
      occurredAt: '2026-12-06T19:51:59.000Z',
      ip: '203.0.113.7',
      userAgent: byAdmin.user_agent,
      device: 'Firefox on Linux',
      sessionId: null,
      actor: { id: ADMIN, nickname: 'boss' },
      details: {},
    });
    expect(own.items[1].actor).toBeNull();
    expect(own.items[0]).not.toHaveProperty('subject');
    expect(audit.items[0].subject).toEqual({ id: SUBJECT, nickname: 'otter' });
  });

  it('names a deleted account by its pseudonym only', async () => {
    const { service } = serviceOver([
      row(0, {
        subject_id: null,
        subject_pseudonym: 'pseudo-subject',
        subject_nickname: null,
        actor_id: null,
        actor_pseudonym: 'pseudo-admin',
        user_agent: null,
      }),
    ]);

    const [item] = (await service.audit({ limit: 5 })).items;

    expect(item).toMatchObject({
      device: null,
      subject: { id: null, nickname: null },
      actor: { id: null, nickname: null },
      details: { method: 'password', subjectPseudonym: 'pseudo-subject', actorPseudonym: 'pseudo-admin' },
    });
  });
});
