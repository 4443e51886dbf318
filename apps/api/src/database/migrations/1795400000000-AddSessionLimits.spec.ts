import { ACCOUNT_ENTITIES, insertUser } from '../../testing/test-accounts';
import { createTestDatabase, TestDatabase } from '../../testing/test-database';
import { AddSessionLimits1795400000000 } from './1795400000000-AddSessionLimits';

const DAY_MS = 86400_000;

describe('AddSessionLimits1795400000000', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
  });

  afterAll(() => db?.close());

  it('ends sessions that existed before 30 days after they began, capping their sliding expiry there', async () => {
    const userId = (await insertUser(db.dataSource)).id;
    const runner = db.dataSource.createQueryRunner();
    const migration = new AddSessionLimits1795400000000();
    await migration.down(runner);
    const [old, recent] = (await runner.query(
      `INSERT INTO sessions (user_id, remember_me, amr, created_at, expires_at) VALUES
         ($1, true, '{pwd}', now() - interval '40 days', now() + interval '20 days'),
         ($1, false, '{pwd}', now() - interval '1 day', now() + interval '6 days')
       RETURNING id`,
      [userId],
    )) as { id: string }[];

    await migration.up(runner);

    const rows = (await runner.query(
      `SELECT id, created_at, expires_at, absolute_expires_at FROM sessions WHERE id IN ($1, $2)`,
      [old.id, recent.id],
    )) as { id: string; created_at: Date; expires_at: Date; absolute_expires_at: Date }[];
    await runner.release();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const oldRow = byId.get(old.id)!;
    const recentRow = byId.get(recent.id)!;
    expect(oldRow.absolute_expires_at.getTime()).toBe(oldRow.created_at.getTime() + 30 * DAY_MS);
    expect(oldRow.expires_at.getTime()).toBe(oldRow.absolute_expires_at.getTime()); // now in the past
    expect(oldRow.expires_at.getTime()).toBeLessThan(Date.now());
    expect(recentRow.absolute_expires_at.getTime()).toBe(recentRow.created_at.getTime() + 30 * DAY_MS);
    expect(recentRow.expires_at.getTime()).toBeLessThan(recentRow.absolute_expires_at.getTime());
  });
});
