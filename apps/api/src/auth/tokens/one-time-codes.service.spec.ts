import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { testConfig } from '../../testing/test-config';
import { createTestDatabase, TestDatabase } from '../../testing/test-database';
import { User } from '../../users/user.entity';
import { OneTimeToken, TokenPurpose } from './one-time-token.entity';
import { OneTimeCodesService } from './one-time-codes.service';
import { MAX_FAILED_ATTEMPTS, OneTimeTokensService } from './one-time-tokens.service';

const PURPOSE: TokenPurpose = 'reset-password-code';
const TEN_MINUTES = 600;

describe('OneTimeCodesService', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let tokens: OneTimeTokensService;
  let codes: OneTimeCodesService;

  beforeAll(async () => {
    db = await createTestDatabase([User, OneTimeToken]);
    dataSource = db.dataSource;
    tokens = new OneTimeTokensService();
    codes = new OneTimeCodesService(dataSource, tokens, testConfig());
  });

  afterAll(() => db?.close());

  async function newUser(): Promise<string> {
    const suffix = randomBytes(4).toString('hex');
    const result = await dataSource.manager.insert(User, {
      email: `code.${suffix}@example.com`,
      nickname: `coder-${suffix}`,
      passwordHash: null,
    });
    return (result.identifiers[0] as { id: string }).id;
  }

  async function issue(userId: string) {
    return dataSource.transaction((manager) => codes.issue(manager, userId, PURPOSE, TEN_MINUTES));
  }

  /** A code of six digits that is not `code`. */
  const wrong = (code: string, offset = 1) =>
    ((Number(code) + offset) % 1_000_000).toString().padStart(6, '0');

  async function guessWrong(userId: string, code: string, times: number): Promise<void> {
    for (let i = 1; i <= times; i++)
      expect(await codes.check(userId, PURPOSE, wrong(code, i))).toBeUndefined();
  }

  const liveCodes = (userId: string) =>
    dataSource.manager.findBy(OneTimeToken, { userId, purpose: PURPOSE, consumedAt: IsNull() });

  it('issues six digits that check out for their user, once consumed, never again', async () => {
    const userId = await newUser();
    const { code, expiresAt } = await issue(userId);

    expect(code).toMatch(/^[0-9]{6}$/);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + (TEN_MINUTES - 5) * 1000);
    const found = await codes.check(userId, PURPOSE, code!);
    expect(found?.userId).toBe(userId);
    expect(await codes.check(await newUser(), PURPOSE, code!)).toBeUndefined();
    expect(await codes.check(userId, 'confirm-email', code!)).toBeUndefined();

    expect(await tokens.consumeFound(dataSource.manager, found!)).toBe(true);
    expect(await tokens.consumeFound(dataSource.manager, found!)).toBe(false);
    expect(await codes.check(userId, PURPOSE, code!)).toBeUndefined();
  });

  it('stores only a keyed digest of the code, which nobody without the server key can recompute', async () => {
    const userId = await newUser();
    const { code } = await issue(userId);
    const row = await dataSource.manager.findOneByOrFail(OneTimeToken, { userId });

    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(code!);
    expect(JSON.stringify(row.payload)).not.toContain(code!);
    // What a database copy offers for a million guesses: the row's id and the digest. Unkeyed hashes of
    // the right code do not match it, and neither does the same service under another JWT_SECRET.
    for (const message of [code!, `${row.id}:${code}`, `${code}:${row.id}`])
      expect(row.tokenHash).not.toBe(createHash('sha256').update(message).digest('hex'));
    const elsewhere = new OneTimeCodesService(dataSource, tokens, testConfig());
    expect(await elsewhere.check(userId, PURPOSE, code!)).toBeUndefined();
    expect(await codes.check(userId, PURPOSE, code!)).toBeDefined();
  });

  it(`kills a code at the ${MAX_FAILED_ATTEMPTS}th wrong guess; the right one no longer works`, async () => {
    const userId = await newUser();
    const { code } = await issue(userId);

    await guessWrong(userId, code!, MAX_FAILED_ATTEMPTS - 1);
    const [survivor] = await liveCodes(userId);
    expect(survivor.failedAttempts).toBe(MAX_FAILED_ATTEMPTS - 1);
    expect(await codes.check(userId, PURPOSE, code!)).toBeDefined(); // a right guess costs nothing

    await guessWrong(userId, code!, 1);
    expect(await codes.check(userId, PURPOSE, code!)).toBeUndefined();
  });

  it('counts parallel wrong guesses one by one', async () => {
    const userId = await newUser();
    const { code } = await issue(userId);

    await Promise.all(
      Array.from({ length: 12 }, (_, i) => codes.check(userId, PURPOSE, wrong(code!, i + 1))),
    );

    const row = await dataSource.manager.findOneByOrFail(OneTimeToken, { userId });
    expect(row.failedAttempts).toBe(MAX_FAILED_ATTEMPTS);
    expect(row.consumedAt).not.toBeNull();
  });

  it('hands the wrong guesses of the replaced code on to the new one', async () => {
    const userId = await newUser();
    const first = await issue(userId);
    await guessWrong(userId, first.code!, 3);

    const second = await issue(userId);

    expect(await codes.check(userId, PURPOSE, first.code!)).toBeUndefined(); // replaced
    await guessWrong(userId, second.code!, MAX_FAILED_ATTEMPTS - 3);
    expect(await codes.check(userId, PURPOSE, second.code!)).toBeUndefined();
  });

  it('issues a dead code (and says so) once the inherited guesses are used up', async () => {
    const userId = await newUser();
    const first = await issue(userId);
    await guessWrong(userId, first.code!, MAX_FAILED_ATTEMPTS);

    const second = await issue(userId);

    expect(second.code).toBeUndefined();
    const rows = await dataSource.manager.findBy(OneTimeToken, { userId });
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.consumedAt !== null)).toBe(true);
  });

  it('forgets wrong guesses after an hour without a new code', async () => {
    const userId = await newUser();
    const first = await issue(userId);
    await guessWrong(userId, first.code!, MAX_FAILED_ATTEMPTS);
    await dataSource.manager.update(
      OneTimeToken,
      { userId },
      { createdAt: new Date(Date.now() - 61 * 60 * 1000) },
    );

    const second = await issue(userId);

    await guessWrong(userId, second.code!, MAX_FAILED_ATTEMPTS - 1);
    expect(await codes.check(userId, PURPOSE, second.code!)).toBeDefined();
  });

  it('retire kills the live code and forgets the guesses, so the next code gets every try', async () => {
    const userId = await newUser();
    const first = await issue(userId);
    await guessWrong(userId, first.code!, 4);

    await codes.retire(dataSource.manager, userId, PURPOSE);

    expect(await codes.check(userId, PURPOSE, first.code!)).toBeUndefined();
    const second = await issue(userId);
    await guessWrong(userId, second.code!, MAX_FAILED_ATTEMPTS - 1);
    expect(await codes.check(userId, PURPOSE, second.code!)).toBeDefined();
  });

  it('refuses an expired code', async () => {
    const userId = await newUser();
    const { code } = await issue(userId);
    await dataSource.manager.update(OneTimeToken, { userId }, { expiresAt: new Date(Date.now() - 1000) });

    expect(await codes.check(userId, PURPOSE, code!)).toBeUndefined();
  });
});
