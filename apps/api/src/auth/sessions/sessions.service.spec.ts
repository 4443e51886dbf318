import { randomUUID } from 'node:crypto';
import { ACCOUNT_ENTITIES, insertUser } from '../../testing/test-accounts';
import { testConfig } from '../../testing/test-config';
import { createTestDatabase, TestDatabase } from '../../testing/test-database';
import { User } from '../../users/user.entity';
import { hashSecretToken, newSecretToken } from '../tokens/secret-token';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';
import { SessionGrant, SessionsService } from './sessions.service';
import { sessionsService } from '../../testing/session-services';

const HOUR = 3600;
const TWO_DAYS = 2 * 86400;

describe('SessionsService', () => {
  let db: TestDatabase;
  let sessions: SessionsService;

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
    const config = testConfig({
      REFRESH_TOKEN_TTL: '1h',
      REMEMBER_ME_REFRESH_TOKEN_TTL: '2d',
      REFRESH_REUSE_GRACE: '10s',
    });
    sessions = sessionsService(db.dataSource, config);
  });

  afterAll(() => db?.close());

  async function startSession(rememberMe = false): Promise<SessionGrant> {
    return sessions.start(await insertUser(db.dataSource), rememberMe, {}, ['pwd']);
  }

  function sessionRow(id: string): Promise<Session> {
    return db.dataSource.getRepository(Session).findOneByOrFail({ id });
  }

  function refreshTokenRow(token: string): Promise<RefreshToken | null> {
    return db.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash: hashSecretToken(token) });
  }

  /** Moves the moment `token` was exchanged into the past, as if the replay came that much later. */
  async function exchangedAgo(token: string, interval: string): Promise<void> {
    await db.dataSource.query(
      `UPDATE refresh_tokens SET rotated_at = now() - $2::interval WHERE token_hash = $1`,
      [hashSecretToken(token), interval],
    );
  }

  function refreshTokenCount(sessionId: string): Promise<number> {
    return db.dataSource.getRepository(RefreshToken).countBy({ sessionId });
  }

  async function sealedSuccessorOf(token: string): Promise<string | null> {
    const [row] = (await db.dataSource.query(
      `SELECT sealed_successor FROM refresh_tokens WHERE token_hash = $1`,
      [hashSecretToken(token)],
    )) as { sealed_successor: string | null }[];
    return row.sealed_successor;
  }

  /** Brings the session's absolute end to `interval` from now (negative: already past). */
  async function absoluteEndIn(sessionId: string, interval: string): Promise<void> {
    await db.dataSource.query(
      `UPDATE sessions SET absolute_expires_at = now() + $2::interval WHERE id = $1`,
      [sessionId, interval],
    );
  }

  function expectExpiryIn(expiresAt: Date, seconds: number): void {
    const expected = Date.now() + seconds * 1000;
    expect(Math.abs(expiresAt.getTime() - expected)).toBeLessThan(5000);
  }

  describe('start', () => {
    it('opens a live session with a stored (hashed) refresh token, expiring after REFRESH_TOKEN_TTL', async () => {
      const user = await insertUser(db.dataSource);
      const grant = await sessions.start(user, false, { ip: '203.0.113.7', userAgent: 'Firefox/140' }, [
        'pwd',
      ]);

      expect(grant).toMatchObject({ user, rememberMe: false });
      expect(await sessions.findActive(grant.sessionId)).toEqual({
        sessionId: grant.sessionId,
        user: expect.objectContaining({ id: user.id, email: user.email }),
        recentlyAuthenticated: true,
      });
      const session = await sessionRow(grant.sessionId);
      expect(session).toMatchObject({ userId: user.id, ip: '203.0.113.7', userAgent: 'Firefox/140' });
      expectExpiryIn(session.expiresAt, HOUR);
      expect(await refreshTokenRow(grant.refreshToken)).toMatchObject({
        sessionId: grant.sessionId,
        rotatedAt: null,
      });
    });

    it('keeps a remembered session for REMEMBER_ME_REFRESH_TOKEN_TTL', async () => {
      const grant = await startSession(true);
      expect(grant.rememberMe).toBe(true);
      expectExpiryIn((await sessionRow(grant.sessionId)).expiresAt, TWO_DAYS);
    });

    it('cuts a long user agent to the 512 characters the column keeps', async () => {
      const user = await insertUser(db.dataSource);
      const grant = await sessions.start(user, false, { userAgent: 'A'.repeat(600) }, ['pwd']);
      expect((await sessionRow(grant.sessionId)).userAgent).toBe('A'.repeat(512));
    });
  });

  describe('rotate', () => {
    it('exchanges a refresh token for a new one, extending the session and recording the client', async () => {
      const grant = await startSession(true);
      await db.dataSource.query(
        `UPDATE sessions SET expires_at = now() + interval '1 minute' WHERE id = $1`,
        [grant.sessionId],
      );

      const next = await sessions.rotate(grant.refreshToken, { ip: '198.51.100.2', userAgent: 'Safari/18' });

      expect(next).toMatchObject({ sessionId: grant.sessionId, rememberMe: true });
      expect(next?.user.id).toBe(grant.user.id);
      expect(next?.refreshToken).not.toBe(grant.refreshToken);
      const session = await sessionRow(grant.sessionId);
      expect(session).toMatchObject({ ip: '198.51.100.2', userAgent: 'Safari/18' });
      expectExpiryIn(session.expiresAt, TWO_DAYS);
      expect((await refreshTokenRow(grant.refreshToken))?.rotatedAt).toBeInstanceOf(Date);
      expect(await sessions.rotate(next!.refreshToken, {})).toMatchObject({ sessionId: grant.sessionId });
    });

    it('answers a replay within the grace period with the same successor, as parallel tabs need', async () => {
      const grant = await startSession();
      const first = await sessions.rotate(grant.refreshToken, {});
      const second = await sessions.rotate(grant.refreshToken, {});

      expect(second).toMatchObject({ sessionId: grant.sessionId, rememberMe: false });
      expect(second?.refreshToken).toBe(first?.refreshToken);
      expect(await sessions.findActive(grant.sessionId)).toBeDefined();
      expect(await sessions.rotate(first!.refreshToken, {})).toBeDefined();
    });

    it('gives 50 parallel exchanges of one token one successor, and the family goes on from it', async () => {
      const grant = await startSession();
      await db.dataSource.query(
        `UPDATE sessions SET expires_at = now() + interval '1 minute' WHERE id = $1`,
        [grant.sessionId],
      );
      const results = await Promise.all(
        Array.from({ length: 50 }, () => sessions.rotate(grant.refreshToken, {})),
      );

      const tokens = new Set(results.map((result) => result?.refreshToken));
      expect(tokens.size).toBe(1);
      const [successor] = tokens;
      expect(successor).toEqual(expect.any(String));
      expect(await refreshTokenCount(grant.sessionId)).toBe(2);
      // Every answer tells the expiry the winning exchange set, for a cookie's max-age.
      for (const result of results) expect(Math.abs(result!.refreshExpiresIn - HOUR)).toBeLessThan(5);
      const next = await sessions.rotate(successor!, {});
      expect(next?.refreshToken).not.toBe(successor);
      expect(await sessions.findActive(grant.sessionId)).toBeDefined();
    });

    it('follows the family on when the successor was exchanged too within the grace', async () => {
      const grant = await startSession();
      const child = await sessions.rotate(grant.refreshToken, {});
      const grandchild = await sessions.rotate(child!.refreshToken, {});

      const replay = await sessions.rotate(grant.refreshToken, {});

      expect(replay?.refreshToken).toBe(grandchild?.refreshToken);
      expect(await refreshTokenCount(grant.sessionId)).toBe(3);
    });

    it('keeps the successor only sealed, and forgets it once the grace is over', async () => {
      const grant = await startSession();
      const next = await sessions.rotate(grant.refreshToken, {});
      const sealed = await sealedSuccessorOf(grant.refreshToken);
      expect(sealed).toEqual(expect.any(String));
      expect(sealed).not.toContain(next!.refreshToken);

      await exchangedAgo(grant.refreshToken, '11 seconds');
      await sessions.rotate(next!.refreshToken, {}); // any later refresh sweeps

      expect(await sealedSuccessorOf(grant.refreshToken)).toBeNull();
    });

    it('treats an exchanged token replayed after the grace period as stolen and ends the whole session', async () => {
      const grant = await startSession();
      const next = await sessions.rotate(grant.refreshToken, {});
      await exchangedAgo(grant.refreshToken, '11 seconds');

      expect(await sessions.rotate(grant.refreshToken, {})).toBeUndefined();
      expect((await sessionRow(grant.sessionId)).revokedAt).toBeInstanceOf(Date);
      expect(await sessions.findActive(grant.sessionId)).toBeUndefined();
      expect(await sessions.rotate(next!.refreshToken, {})).toBeUndefined();
    });

    it('refuses a token it never issued', async () => {
      expect(await sessions.rotate(newSecretToken(), {})).toBeUndefined();
    });
  });

  describe('absolute lifetime (SESSION_MAX_AGE)', () => {
    it('ends a session SESSION_MAX_AGE after sign-in, and a shorter one caps the first expiry', async () => {
      const shortLived = sessionsService(
        db.dataSource,
        testConfig({ REMEMBER_ME_REFRESH_TOKEN_TTL: '2d', SESSION_MAX_AGE: '30m' }),
      );
      const grant = await shortLived.start(await insertUser(db.dataSource), true, {}, ['pwd']);

      const session = await sessionRow(grant.sessionId);
      expectExpiryIn(session.absoluteExpiresAt, 30 * 60);
      expectExpiryIn(session.expiresAt, 30 * 60);
      expect(grant.refreshExpiresIn).toBe(30 * 60);
      expectExpiryIn((await sessionRow((await startSession(true)).sessionId)).absoluteExpiresAt, 30 * 86400);
    });

    it('moves the sliding expiry no further than the absolute end', async () => {
      const grant = await startSession(true);
      await absoluteEndIn(grant.sessionId, '1 hour');

      const next = await sessions.rotate(grant.refreshToken, {});

      const session = await sessionRow(grant.sessionId);
      expectExpiryIn(session.expiresAt, HOUR);
      expect(Math.abs(next!.refreshExpiresIn - HOUR)).toBeLessThan(5);
    });

    it('refuses to refresh, or to find, a session past its absolute end, replays within the grace included', async () => {
      const grant = await startSession(true);
      const next = await sessions.rotate(grant.refreshToken, {});
      await absoluteEndIn(grant.sessionId, '-1 second');

      expect(await sessions.findActive(grant.sessionId)).toBeUndefined();
      expect(await sessions.rotate(next!.refreshToken, {})).toBeUndefined();
      expect(await sessions.rotate(grant.refreshToken, {})).toBeUndefined();
    });
  });

  describe.each<[string, (grant: SessionGrant) => Promise<unknown>]>([
    ['revoked', (grant) => sessions.revoke(grant.sessionId)],
    [
      'expired',
      (grant) =>
        db.dataSource.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
          grant.sessionId,
        ]),
    ],
    [
      'of a disabled account',
      (grant) => db.dataSource.getRepository(User).update(grant.user.id, { disabledAt: new Date() }),
    ],
  ])('a session that is %s', (_state, endSession) => {
    it('is neither found nor refreshed', async () => {
      const grant = await startSession();
      expect(await sessions.findActive(grant.sessionId)).toBeDefined();

      await endSession(grant);

      expect(await sessions.findActive(grant.sessionId)).toBeUndefined();
      expect(await sessions.rotate(grant.refreshToken, {})).toBeUndefined();
    });
  });

  describe('findActive', () => {
    it('finds nothing for an id that names no session', async () => {
      expect(await sessions.findActive(randomUUID())).toBeUndefined();
    });

    it('answers lookups asked together each with its own session, and none for a revoked one', async () => {
      const [first, second, revoked] = [await startSession(), await startSession(), await startSession()];
      await sessions.revoke(revoked.sessionId);

      const found = await Promise.all(
        [first, second, revoked, first].map(({ sessionId }) => sessions.findActive(sessionId)),
      );

      expect(found.map((session) => session?.user.id)).toEqual([
        first.user.id,
        second.user.id,
        undefined,
        first.user.id,
      ]);
      // One row shared by two lookups in a batch still gives each caller an account of its own.
      expect(found[3]?.user).not.toBe(found[0]?.user);
    });

    it('answers a malformed id with nothing, without failing the lookups asked with it', async () => {
      const grant = await startSession();

      const [malformed, live] = await Promise.all([
        sessions.findActive('not-a-uuid'),
        sessions.findActive(grant.sessionId),
      ]);

      expect(malformed).toBeUndefined();
      expect(live?.sessionId).toBe(grant.sessionId);
    });

    it('sees a revocation that committed before the lookup was asked, while an earlier batch is in flight', async () => {
      const grant = await startSession();
      const inFlight = sessions.findActive(grant.sessionId);
      await new Promise(setImmediate); // its batch has been sent
      await sessions.revoke(grant.sessionId);

      expect(await sessions.findActive(grant.sessionId)).toBeUndefined();
      await inFlight;
    });
  });

  describe('revoke', () => {
    it('keeps the time of the first revocation when asked again', async () => {
      const grant = await startSession();
      await sessions.revoke(grant.sessionId);
      const firstRevokedAt = (await sessionRow(grant.sessionId)).revokedAt;

      await sessions.revoke(grant.sessionId);

      expect(firstRevokedAt).toBeInstanceOf(Date);
      expect((await sessionRow(grant.sessionId)).revokedAt).toEqual(firstRevokedAt);
    });
  });
});
