import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ACCOUNT_ENTITIES } from '../testing/account-services';
import { insertUser } from '../testing/test-accounts';
import { createTestDatabase, TestDatabase } from '../testing/test-database';

describe('TableChanges', () => {
  let db: TestDatabase;
  const heard: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
    db.tableChanges.subscribe(['images'], () => heard.push('images'));
    db.tableChanges.subscribe(['users'], () => heard.push('users'));
  });
  afterAll(() => db?.close());
  beforeEach(() => (heard.length = 0));

  it('tells a change to images before the statement that made it returns', async () => {
    await db.dataSource.query(`UPDATE images SET caption = caption || '' WHERE false`);
    expect(heard).toEqual(['images']);
  });

  it('tells it once per transaction, at its commit', async () => {
    await db.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE images SET sequence = sequence WHERE false`);
      await manager.query(`UPDATE images SET caption = caption WHERE false`);
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual(['images']);
  });

  it('tells nothing of a rolled-back change', async () => {
    await expect(
      db.dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE images SET caption = caption WHERE false`);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(heard).toEqual([]);
  });

  it('tells a change of the owner fields a gallery shows, and no other change to users', async () => {
    const { id } = await insertUser(db.dataSource);
    heard.length = 0;
    await db.dataSource.query(`UPDATE users SET locale = 'de' WHERE id = $1`, [id]);
    expect(heard).toEqual([]);
    await db.dataSource.query(`UPDATE users SET nickname = nickname || '-x' WHERE id = $1`, [id]);
    await db.dataSource.query(`UPDATE users SET avatar_variant = avatar_variant + 1 WHERE id = $1`, [id]);
    expect(heard).toEqual(['users', 'users']);
  });

  it('tells every subscriber when the last listening connection ends, as changes could go unheard', async () => {
    const pool = (db.dataSource.driver as PostgresDriver).master as Pool;
    const ended: Promise<unknown>[] = [];
    while (pool.totalCount > 0) {
      const client = await pool.connect();
      ended.push(new Promise((resolve) => client.once('end', resolve)));
      client.release(true); // destroys it
    }
    await Promise.all(ended);
    expect(heard.sort()).toEqual(['images', 'users']);
    // The next connection listens again.
    heard.length = 0;
    await db.dataSource.query(`UPDATE images SET caption = caption WHERE false`);
    expect(heard).toEqual(['images']);
  });
});
