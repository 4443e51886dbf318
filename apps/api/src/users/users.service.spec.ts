import { randomUUID } from 'node:crypto';
import { ACCOUNT_ENTITIES, insertUser } from '../testing/test-accounts';
import { testConfig } from '../testing/test-config';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { problemFrom } from '../testing/problem-from';
import { AVATAR_VARIANTS, avatarVersion, renderAvatarSvg } from './avatar/avatar-tile';
import * as nicknames from './nickname/nickname-generator';
import { User } from './user.entity';
import { NewUser, UsersService } from './users.service';

const GENERATED_NICKNAME = /^[a-z]+-[a-z]+-\d{3}$/;

describe('UsersService', () => {
  let db: TestDatabase;
  let users: UsersService;

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
    users = serviceWith();
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(() => db?.close());

  function serviceWith(env: NodeJS.ProcessEnv = {}): UsersService {
    const config = testConfig({ PUBLIC_URL: 'https://id.example.com', ...env });
    return new UsersService(db.dataSource.getRepository(User), config);
  }

  function create(input: NewUser): Promise<User | undefined> {
    return db.dataSource.transaction((manager) => users.createUnlessEmailTaken(manager, input));
  }

  function countWithEmail(email: string): Promise<number> {
    return db.dataSource.getRepository(User).countBy({ email });
  }

  describe('createUnlessEmailTaken', () => {
    it('creates an account with a generated nickname when none was chosen', async () => {
      const user = await create({ email: 'generated@example.com', passwordHash: 'hash-1' });

      expect(user).toMatchObject({
        email: 'generated@example.com',
        passwordHash: 'hash-1',
        role: 'user',
        emailConfirmedAt: null,
        approvedAt: null,
        disabledAt: null,
      });
      expect(user?.nickname).toMatch(GENERATED_NICKNAME);
      expect(user?.avatarVariant).toBeGreaterThanOrEqual(0);
      expect(user?.avatarVariant).toBeLessThan(AVATAR_VARIANTS);
    });

    it('keeps the language of the sign-up, English when none was given', async () => {
      expect((await create({ email: 'german@example.com', passwordHash: null, locale: 'de' }))?.locale).toBe(
        'de',
      );
      expect((await create({ email: 'plain@example.com', passwordHash: null }))?.locale).toBe('en');
    });

    it('keeps a chosen nickname as it was typed', async () => {
      const user = await create({
        email: 'chosen@example.com',
        passwordHash: 'hash',
        nickname: 'Ada.Lovelace',
      });
      expect(user?.nickname).toBe('Ada.Lovelace');
    });

    it('returns undefined for a taken address and leaves the existing account alone', async () => {
      const first = await create({ email: 'twice@example.com', passwordHash: 'first-hash' });

      expect(await create({ email: 'twice@example.com', passwordHash: 'second-hash' })).toBeUndefined();
      expect(
        await create({ email: 'twice@example.com', passwordHash: 'third-hash', nickname: 'twice-again' }),
      ).toBeUndefined();

      expect(await countWithEmail('twice@example.com')).toBe(1);
      const stored = await db.dataSource.getRepository(User).findOneByOrFail({ email: 'twice@example.com' });
      expect(stored).toMatchObject({ id: first?.id, passwordHash: 'first-hash' });
      expect(await users.isNicknameTaken('twice-again')).toBe(false);
    });

    it('tries another generated nickname when the generated one is taken', async () => {
      const { nickname: taken } = await insertUser(db.dataSource);
      const generate = jest
        .spyOn(nicknames, 'generateNickname')
        .mockReturnValueOnce(taken)
        .mockReturnValueOnce('fresh-finch-001');

      const user = await create({ email: 'collision@example.com', passwordHash: 'hash' });

      expect(user?.nickname).toBe('fresh-finch-001');
      expect(generate).toHaveBeenCalledTimes(2);
    });

    it('gives up after eight generated nicknames that are all taken', async () => {
      const { nickname: taken } = await insertUser(db.dataSource);
      const generate = jest.spyOn(nicknames, 'generateNickname').mockReturnValue(taken);

      await expect(create({ email: 'unlucky@example.com', passwordHash: 'hash' })).rejects.toThrow(
        /no free generated nickname after 8 attempts/,
      );
      expect(generate).toHaveBeenCalledTimes(8);
      expect(await countWithEmail('unlucky@example.com')).toBe(0);
    });

    it('refuses a chosen nickname that is taken in any letter case with 409 NICKNAME_TAKEN', async () => {
      await insertUser(db.dataSource, { nickname: 'Grace' });

      expect(
        await problemFrom(() =>
          create({ email: 'grace@example.com', passwordHash: 'hash', nickname: 'gRACE' }),
        ),
      ).toEqual({ status: 409, code: 'NICKNAME_TAKEN' });
      expect(await countWithEmail('grace@example.com')).toBe(0);
    });
  });

  describe('isNicknameTaken', () => {
    it('compares nicknames regardless of letter case', async () => {
      await insertUser(db.dataSource, { nickname: 'Quiet-Heron-002' });

      expect(await users.isNicknameTaken('Quiet-Heron-002')).toBe(true);
      expect(await users.isNicknameTaken('quiet-heron-002')).toBe(true);
      expect(await users.isNicknameTaken('QUIET-HERON-002')).toBe(true);
      expect(await users.isNicknameTaken('quiet-heron-003')).toBe(false);
    });
  });

  describe('profileOf', () => {
    it("describes the account to its owner, with the avatar's URL and variant", async () => {
      const user = await insertUser(db.dataSource, {
        passwordHash: 'hash',
        emailConfirmedAt: new Date(),
        avatarVariant: 3,
      });

      expect(users.profileOf(user)).toEqual({
        id: user.id,
        email: user.email,
        nickname: user.nickname,
        avatarUrl: `https://id.example.com/api/v1/users/${user.id}/avatar?v=${avatarVersion(user.nickname, 3)}`,
        emailConfirmed: true,
        approved: true,
        role: 'user',
        hasPassword: true,
        passkeyCount: 0,
        mfaEnabled: false,
        recoveryCodesLeft: 0,
        locale: 'en',
        createdAt: user.createdAt.toISOString(),
      });
    });

    it('tells an unconfirmed account without a password apart', async () => {
      const profile = users.profileOf(await insertUser(db.dataSource));
      expect(profile).toMatchObject({ emailConfirmed: false, hasPassword: false });
    });

    it.each([
      { requireApproval: 'false', account: 'an unapproved user', fields: {}, approved: true },
      { requireApproval: 'true', account: 'an unapproved user', fields: {}, approved: false },
      {
        requireApproval: 'true',
        account: 'an approved user',
        fields: { approvedAt: new Date() },
        approved: true,
      },
      {
        requireApproval: 'true',
        account: 'an unapproved admin',
        fields: { role: 'admin' as const },
        approved: true,
      },
    ])(
      'with REQUIRE_APPROVAL=$requireApproval, counts $account as approved: $approved',
      async ({ requireApproval, fields, approved }) => {
        const user = await insertUser(db.dataSource, fields);
        expect(serviceWith({ REQUIRE_APPROVAL: requireApproval }).profileOf(user).approved).toBe(approved);
      },
    );
  });

  describe('avatarSvg', () => {
    it("renders the tile from the user's nickname and variant", async () => {
      const user = await insertUser(db.dataSource, { avatarVariant: 2 });
      expect(await users.avatarSvg(user.id)).toBe(renderAvatarSvg(user.nickname, 2));
    });

    it('answers 404 NOT_FOUND for an id that names no user', async () => {
      expect(await problemFrom(() => users.avatarSvg(randomUUID()))).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
    });
  });
});
