import { Repository } from 'typeorm';
import { ProblemException } from '../common/problem/problem';
import {
  accountServices,
  AccountServices,
  ACCOUNT_ENTITIES,
  insertAccount,
} from '../testing/account-services';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { User } from './user.entity';

describe('UsersService profile changes', () => {
  let db: TestDatabase;
  let services: AccountServices;
  let repository: Repository<User>;
  const newAccount = (fields: Partial<User> = {}) => insertAccount(services, repository, fields);
  const stored = (user: User) => repository.findOneByOrFail({ id: user.id });

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
    services = await accountServices(db.dataSource);
    repository = db.dataSource.getRepository(User);
  });
  afterAll(() => db?.close());

  async function expectProblem(promise: Promise<unknown>, status: number, code: string): Promise<void> {
    const error: unknown = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ProblemException);
    expect(error).toMatchObject({ code });
    expect((error as ProblemException).getStatus()).toBe(status);
  }

  describe('updateProfile', () => {
    it('stores the new nickname and returns the account with it', async () => {
      const user = await newAccount();

      const updated = await services.users.updateProfile(user, { nickname: 'Ada.Lovelace_1815' });

      expect(updated.nickname).toBe('Ada.Lovelace_1815');
      expect((await stored(user)).nickname).toBe('Ada.Lovelace_1815');
    });

    it('lets a person change the letter case of their own nickname', async () => {
      const user = await newAccount({ nickname: 'quiet-heron-042' });

      await services.users.updateProfile(user, { nickname: 'Quiet-Heron-042' });

      expect((await stored(user)).nickname).toBe('Quiet-Heron-042');
    });

    it('refuses a nickname another account has, in any case, with 409 NICKNAME_TAKEN and changes nothing', async () => {
      const owner = await newAccount({ nickname: 'taken-name' });
      const user = await newAccount();

      await expectProblem(
        services.users.updateProfile(user, { nickname: 'TAKEN-name' }),
        409,
        'NICKNAME_TAKEN',
      );

      expect((await stored(user)).nickname).toBe(user.nickname);
      expect((await stored(owner)).nickname).toBe('taken-name');
    });

    it('gives one of two people racing for a nickname the name and the other 409, never a server error', async () => {
      const [first, second] = await Promise.all([newAccount(), newAccount()]);

      const results = await Promise.allSettled([
        services.users.updateProfile(first, { nickname: 'raced-name' }),
        services.users.updateProfile(second, { nickname: 'RACED-NAME' }),
      ]);

      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((result) => result.status === 'rejected');
      expect(refused?.reason).toMatchObject({ code: 'NICKNAME_TAKEN' });
      const holders = await repository
        .createQueryBuilder('user')
        .where("lower(user.nickname) = 'raced-name'")
        .getMany();
      expect(holders).toHaveLength(1);
      expect([first.id, second.id]).toContain(holders[0].id);
    });

    it('leaves the account as it is when no nickname is given', async () => {
      const user = await newAccount();
      const before = await stored(user);

      await services.users.updateProfile(user, {});

      expect(await stored(user)).toEqual(before);
    });

    it('answers 404 when the account was deleted meanwhile, instead of writing it back', async () => {
      const user = await newAccount();
      await repository.delete({ id: user.id });

      await expectProblem(services.users.updateProfile(user, { nickname: 'ghost-name' }), 404, 'NOT_FOUND');
      expect(await repository.existsBy({ id: user.id })).toBe(false);
    });
  });

  describe('regenerateAvatar', () => {
    it('stores another variant and changes the avatar URL', async () => {
      const user = await newAccount({ avatarVariant: 1 });
      const before = services.users.profileOf(user).avatarUrl;

      await services.users.regenerateAvatar(user);

      expect(user.avatarVariant).not.toBe(1);
      expect((await stored(user)).avatarVariant).toBe(user.avatarVariant);
      const after = services.users.profileOf(user).avatarUrl;
      expect(after).toContain(`/api/v1/users/${user.id}/avatar?v=`);
      expect(after).not.toBe(before);
    });

    it('never lands on the variant it had, however often it runs', async () => {
      const user = await newAccount();
      for (let round = 0; round < 20; round++) {
        const previous = user.avatarVariant;
        await services.users.regenerateAvatar(user);
        expect((await stored(user)).avatarVariant).not.toBe(previous);
      }
    });
  });

  it('changes the avatar URL with the nickname, since the nickname colours the tile', async () => {
    const user = await newAccount();
    const before = services.users.profileOf(user).avatarUrl;

    await services.users.updateProfile(user, { nickname: 'recoloured-one' });

    expect(services.users.profileOf(user).avatarUrl).not.toBe(before);
  });
});
