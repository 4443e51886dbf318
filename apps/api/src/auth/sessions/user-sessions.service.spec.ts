import { Repository } from 'typeorm';
import {
  accountServices,
  AccountServices,
  ACCOUNT_ENTITIES,
  insertAccount,
} from '../../testing/account-services';
import { createTestDatabase, TestDatabase } from '../../testing/test-database';
import { User } from '../../users/user.entity';
import { Session } from './session.entity';
import { UserSessionsService } from './user-sessions.service';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('UserSessionsService', () => {
  let db: TestDatabase;
  let services: AccountServices;
  let userSessions: UserSessionsService;
  let users: Repository<User>;
  let sessions: Repository<Session>;

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
    services = await accountServices(db.dataSource);
    sessions = db.dataSource.getRepository(Session);
    userSessions = new UserSessionsService(sessions, services.events);
    users = db.dataSource.getRepository(User);
  });
  afterAll(() => db?.close());

  const start = async (user: User, userAgent: string, lastUsedMinutesAgo: number) => {
    const { sessionId } = await services.sessions.start(user, false, { ip: '198.51.100.4', userAgent }, [
      'pwd',
    ]);
    await sessions.update(
      { id: sessionId },
      { lastUsedAt: new Date(Date.now() - lastUsedMinutesAgo * 60_000) },
    );
    return sessionId;
  };

  it('lists live sessions only, most recently used first, marking the current one', async () => {
    const user = await insertAccount(services, users);
    const other = await insertAccount(services, users);
    const laptop = await start(user, FIREFOX, 30);
    const phone = await start(user, IPHONE, 5);
    const loggedOut = await start(user, FIREFOX, 1);
    await services.sessions.revoke(loggedOut);
    const expired = await start(user, FIREFOX, 2);
    await sessions.update({ id: expired }, { expiresAt: new Date(Date.now() - 1000) });
    await start(other, FIREFOX, 0);

    const list = await userSessions.list(user.id, laptop);

    expect(list).toEqual([
      {
        id: phone,
        device: 'Safari on iOS',
        ip: '198.51.100.4',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        current: false,
      },
      expect.objectContaining({ id: laptop, device: 'Firefox on Linux', current: true }),
    ]);
    expect(Date.parse(list[0].lastUsedAt)).toBeGreaterThan(Date.parse(list[1].lastUsedAt));
  });

  it('revokes one of the user’s sessions: its access ends at once, the others go on', async () => {
    const user = await insertAccount(services, users);
    const kept = await start(user, FIREFOX, 0);
    const ended = await start(user, IPHONE, 0);

    await userSessions.revoke(user.id, ended);

    expect(await services.sessions.findActive(ended)).toBeUndefined();
    expect(await services.sessions.findActive(kept)).toBeDefined();
    expect((await userSessions.list(user.id, kept)).map((session) => session.id)).toEqual([kept]);
  });

  it('answers 404 NOT_FOUND for another user’s session and leaves it alive', async () => {
    const user = await insertAccount(services, users);
    const victim = await insertAccount(services, users);
    const theirs = await start(victim, FIREFOX, 0);

    await expect(userSessions.revoke(user.id, theirs)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await services.sessions.findActive(theirs)).toBeDefined();
  });

  it('answers 404 NOT_FOUND for an unknown id and for a session that already ended', async () => {
    const user = await insertAccount(services, users);
    const ended = await start(user, FIREFOX, 0);
    await services.sessions.revoke(ended);

    await expect(userSessions.revoke(user.id, ended)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(userSessions.revoke(user.id, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
