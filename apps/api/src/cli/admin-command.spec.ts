import { SecurityEventRow } from '../activity/security-event.entity';
import { AdminEmailDemotion } from '../users/admin/admin-email-demotion.entity';
import { wasDemoted } from '../users/admin/admin-role';
import { User } from '../users/user.entity';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { EXIT_CODES, parseAdminCommand, runAdminCommand } from './admin-command';

describe('parseAdminCommand', () => {
  it.each([[[]], [['help']], [['--help']], [['-h']]])('shows the usage for %j', (args) => {
    expect(parseAdminCommand(args)).toEqual({ action: 'help' });
  });

  it('reads grant and revoke with an address', () => {
    expect(parseAdminCommand(['grant', ' Ada@Example.com '])).toEqual({
      action: 'grant',
      email: 'Ada@Example.com',
    });
    expect(parseAdminCommand(['revoke', 'ada@example.com'])).toEqual({
      action: 'revoke',
      email: 'ada@example.com',
    });
  });

  it.each([
    [['promote', 'ada@example.com'], 'Unknown command "promote".'],
    [['grant'], '"grant" needs the account\'s email address.'],
    [['revoke', '  '], '"revoke" needs the account\'s email address.'],
    [['grant', 'ada@example.com', 'bob@example.com'], 'Unexpected arguments: bob@example.com'],
  ])('refuses %j', (args, problem) => {
    expect(parseAdminCommand(args)).toEqual({ action: 'invalid', problem });
  });
});

describe('runAdminCommand', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase([User, AdminEmailDemotion, SecurityEventRow]);
  });

  afterAll(() => db?.close());

  const users = () => db.dataSource.getRepository(User);
  const events = () => db.dataSource.getRepository(SecurityEventRow);
  const insertUser = (email: string, fields: Partial<User> = {}) =>
    users().save(users().create({ email, nickname: email.split('@')[0], ...fields }));

  it('grants the admin role by address in any case, approving the account, and says so', async () => {
    const user = await insertUser('grace@example.com');

    const result = await runAdminCommand(db.dataSource, { action: 'grant', email: 'Grace@EXAMPLE.com' });

    expect(result).toEqual({ exitCode: EXIT_CODES.ok, message: 'grace@example.com is now an admin.' });
    const stored = await users().findOneByOrFail({ id: user.id });
    expect(stored.role).toBe('admin');
    expect(stored.approvedAt).toBeInstanceOf(Date);
  });

  it('keeps an existing approval date and reports an admin who already is one', async () => {
    const approvedAt = new Date('2026-01-02T03:04:05.000Z');
    const user = await insertUser('linus@example.com', { role: 'admin', approvedAt });

    const result = await runAdminCommand(db.dataSource, { action: 'grant', email: 'linus@example.com' });

    expect(result).toEqual({ exitCode: EXIT_CODES.ok, message: 'linus@example.com is already an admin.' });
    expect((await users().findOneByOrFail({ id: user.id })).approvedAt).toEqual(approvedAt);
  });

  it('warns that a disabled account cannot sign in', async () => {
    await insertUser('barbara@example.com', { disabledAt: new Date() });
    const result = await runAdminCommand(db.dataSource, { action: 'grant', email: 'barbara@example.com' });
    expect(result.exitCode).toBe(EXIT_CODES.ok);
    expect(result.message).toMatch(/^barbara@example.com is now an admin\. The account is disabled/);
  });

  it('revokes the role for good as far as ADMIN_EMAILS goes, and leaves the account approved', async () => {
    const user = await insertUser('ken@example.com');
    await runAdminCommand(db.dataSource, { action: 'grant', email: 'ken@example.com' });

    const revoked = await runAdminCommand(db.dataSource, { action: 'revoke', email: 'ken@example.com' });
    const again = await runAdminCommand(db.dataSource, { action: 'revoke', email: 'ken@example.com' });

    expect(revoked).toEqual({ exitCode: EXIT_CODES.ok, message: 'ken@example.com is no longer an admin.' });
    expect(again).toEqual({ exitCode: EXIT_CODES.ok, message: 'ken@example.com is not an admin.' });
    const stored = await users().findOneByOrFail({ id: user.id });
    expect(stored.role).toBe('user');
    expect(stored.approvedAt).toBeInstanceOf(Date);
    expect(await wasDemoted(db.dataSource.manager, 'ken@example.com')).toBe(true);
    // One audit row per change, none for the command that changed nothing.
    const rows = await events().find({
      where: { subjectId: user.id },
      order: { occurredAt: 'ASC' },
    });
    expect(rows.map(({ type, actorId, details }) => ({ type, actorId, details }))).toEqual([
      { type: 'admin.role_changed', actorId: null, details: { role: 'admin', via: 'cli' } },
      { type: 'admin.role_changed', actorId: null, details: { role: 'user', via: 'cli' } },
    ]);
  });

  it('a grant records no demotion', async () => {
    await insertUser('ada@example.com');
    await runAdminCommand(db.dataSource, { action: 'grant', email: 'ada@example.com' });
    expect(await wasDemoted(db.dataSource.manager, 'ada@example.com')).toBe(false);
  });

  it.each(['grant', 'revoke'] as const)(
    '%s: an unknown address exits with its own code and changes nothing',
    async (action) => {
      const before = await users().count();
      const eventsBefore = await events().count();
      const result = await runAdminCommand(db.dataSource, { action, email: 'nobody@example.com' });
      expect(result).toEqual({
        exitCode: EXIT_CODES.unknownEmail,
        message: 'No account has the email address nobody@example.com.',
      });
      expect(await users().count()).toBe(before);
      expect(await events().count()).toBe(eventsBefore);
      expect(await users().countBy({ role: 'admin', email: 'nobody@example.com' })).toBe(0);
    },
  );
});
