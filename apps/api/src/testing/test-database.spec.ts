import { createTestDatabase } from './test-database';

describe('createTestDatabase', () => {
  it('gives a working PostgreSQL database that has run the migrations', async () => {
    const { dataSource, close } = await createTestDatabase([]);
    try {
      const [{ answer }] = await dataSource.query('SELECT 40 + 2 AS answer');
      expect(answer).toBe(42);
      expect(await dataSource.showMigrations()).toBe(false);
    } finally {
      await close();
    }
  });
});
