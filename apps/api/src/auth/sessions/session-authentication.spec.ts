import { ACCOUNT_ENTITIES, insertUser } from '../../testing/test-accounts';
import { testConfig } from '../../testing/test-config';
import { createTestDatabase, TestDatabase } from '../../testing/test-database';
import { sessionsService } from '../../testing/session-services';
import { SessionsService } from './sessions.service';

/** How and when a session's holder last proved who they are: `amr` and the "recently authenticated" flag. */
describe('SessionsService: authentication methods and recency', () => {
  let db: TestDatabase;
  let sessions: SessionsService;
  /** RECENT_AUTH_WINDOW, set to other than its default so the test shows the setting is used. */
  const WINDOW = 120;

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
    sessions = sessionsService(db.dataSource, testConfig({ RECENT_AUTH_WINDOW: `${WINDOW}` }));
  });

  afterAll(() => db?.close());

  /** Moves the session's last proof `seconds` into the past. */
  async function authenticatedAgo(sessionId: string, seconds: number): Promise<void> {
    await db.dataSource.query(
      `UPDATE sessions SET authenticated_at = now() - make_interval(secs => $2) WHERE id = $1`,
      [sessionId, seconds],
    );
  }

  it('counts a new session as recently authenticated, and keeps its methods through refreshes', async () => {
    const grant = await sessions.start(await insertUser(db.dataSource), false, {}, ['email']);

    expect(grant.amr).toEqual(['email']);
    expect((await sessions.findActive(grant.sessionId))?.recentlyAuthenticated).toBe(true);
    expect((await sessions.rotate(grant.refreshToken, {}))?.amr).toEqual(['email']);
  });

  it('stops counting as recent once the window has passed, by the database clock', async () => {
    const { sessionId } = await sessions.start(await insertUser(db.dataSource), false, {}, ['pwd']);

    await authenticatedAgo(sessionId, WINDOW - 30);
    expect((await sessions.findActive(sessionId))?.recentlyAuthenticated).toBe(true);
    await authenticatedAgo(sessionId, WINDOW + 1);
    expect((await sessions.findActive(sessionId))?.recentlyAuthenticated).toBe(false);
  });

  it('is recent again after a re-authentication, whose method joins the amr once', async () => {
    const grant = await sessions.start(await insertUser(db.dataSource), false, {}, ['pwd']);
    await authenticatedAgo(grant.sessionId, WINDOW * 2);

    await sessions.markRecentlyAuthenticated(grant.sessionId, ['email']);
    await sessions.markRecentlyAuthenticated(grant.sessionId, ['email', 'pwd']);

    expect((await sessions.findActive(grant.sessionId))?.recentlyAuthenticated).toBe(true);
    const refreshed = await sessions.rotate(grant.refreshToken, {});
    expect([...refreshed!.amr].sort()).toEqual(['email', 'pwd']);
  });
});
