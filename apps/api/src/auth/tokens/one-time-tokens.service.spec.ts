import { ACCOUNT_ENTITIES, insertUser } from '../../testing/test-accounts';
import { createTestDatabase, TestDatabase } from '../../testing/test-database';
import { OneTimeToken, TokenPurpose } from './one-time-token.entity';
import { IssuedToken, OneTimeTokensService } from './one-time-tokens.service';
import { hashSecretToken, newSecretToken } from './secret-token';

/** Only confirm-email exists so far; a second purpose shows that tokens are bound to theirs. */
const OTHER_PURPOSE = 'reset-password' as TokenPurpose;
const HOUR = 3600;

describe('OneTimeTokensService', () => {
  let db: TestDatabase;
  const tokens = new OneTimeTokensService();

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
  });

  afterAll(() => db?.close());

  function issue(
    userId: string,
    purpose: TokenPurpose = 'confirm-email',
    payload?: Record<string, unknown>,
  ): Promise<IssuedToken> {
    return db.dataSource.transaction((manager) => tokens.issue(manager, userId, purpose, HOUR, payload));
  }

  function consume(
    token: string,
    purpose: TokenPurpose = 'confirm-email',
  ): Promise<OneTimeToken | undefined> {
    return db.dataSource.transaction((manager) => tokens.consume(manager, token, purpose));
  }

  async function newUserId(): Promise<string> {
    return (await insertUser(db.dataSource)).id;
  }

  it('stores only the hash of a token, which expires after the given time', async () => {
    const userId = await newUserId();
    const issued = await issue(userId);

    expect(Math.abs(issued.expiresAt.getTime() - (Date.now() + HOUR * 1000))).toBeLessThan(5000);
    const rows = await db.dataSource.getRepository(OneTimeToken).findBy({ userId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tokenHash: hashSecretToken(issued.token), purpose: 'confirm-email' });
  });

  it('consumes a token once, returning its owner, purpose and payload', async () => {
    const userId = await newUserId();
    const { token } = await issue(userId, 'confirm-email', { newEmail: 'new@example.com' });

    expect(await consume(token)).toMatchObject({
      userId,
      purpose: 'confirm-email',
      payload: { newEmail: 'new@example.com' },
    });
    expect(await consume(token)).toBeUndefined();
  });

  it('lets exactly one of two racing requests consume a token', async () => {
    const { token } = await issue(await newUserId());
    const results = await Promise.all([consume(token), consume(token)]);
    expect(results.filter((result) => result !== undefined)).toHaveLength(1);
  });

  it('stops an unused token from working when a newer one of the same purpose is issued', async () => {
    const userId = await newUserId();
    const older = await issue(userId);
    const otherPurpose = await issue(userId, OTHER_PURPOSE);
    const otherUser = await issue(await newUserId());
    const newer = await issue(userId);

    expect(await consume(older.token)).toBeUndefined();
    expect(await consume(newer.token)).toMatchObject({ userId });
    expect(await consume(otherPurpose.token, OTHER_PURPOSE)).toMatchObject({ userId });
    expect(await consume(otherUser.token)).toBeDefined();
  });

  it('refuses a token for another purpose than its own, which leaves it usable for its own', async () => {
    const { token } = await issue(await newUserId());
    expect(await consume(token, OTHER_PURPOSE)).toBeUndefined();
    expect(await consume(token)).toBeDefined();
  });

  it('refuses an expired token', async () => {
    const { token } = await issue(await newUserId());
    await db.dataSource.query(
      `UPDATE one_time_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [hashSecretToken(token)],
    );
    expect(await consume(token)).toBeUndefined();
  });

  it('refuses a token it never issued', async () => {
    expect(await consume(newSecretToken())).toBeUndefined();
  });

  it('issues nothing when the transaction it was issued in rolls back', async () => {
    const userId = await newUserId();
    let issued: IssuedToken | undefined;
    await db.dataSource
      .transaction(async (manager) => {
        issued = await tokens.issue(manager, userId, 'confirm-email', HOUR);
        throw new Error('the change failed');
      })
      .catch(() => undefined);

    expect(issued).toBeDefined();
    expect(await consume(issued!.token)).toBeUndefined();
  });
});
