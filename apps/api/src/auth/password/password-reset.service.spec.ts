import { IsNull } from 'typeorm';
import { ProblemException } from '../../common/problem/problem';
import { MailCap } from '../../mail/mail-cap.entity';
import { MailOutbox } from '../../mail/mail-outbox.entity';
import { MailTemplateData } from '../../mail/mail.types';
import {
  ADMIN_EMAILS,
  createUser,
  mailsTo,
  passphrase,
  PUBLIC_URL,
  usePasswordServices,
} from '../../testing/password-services';
import { revokeAdmin } from '../../users/admin/admin-role';
import { User } from '../../users/user.entity';
import { Session } from '../sessions/session.entity';
import { OneTimeToken } from '../tokens/one-time-token.entity';

type ResetMailData = MailTemplateData['reset-password'];

describe('PasswordResetService', () => {
  const services = usePasswordServices();

  const manager = () => services().dataSource.manager;
  const reload = (user: User) => manager().findOneByOrFail(User, { id: user.id });

  /** Asks for a reset of `user` and returns the link's token and the code from the mail it wrote. */
  async function forgot(user: User): Promise<{ token: string; code: string; mail: MailOutbox }> {
    await services().resets.forgotPassword(user.email);
    const mail = (await mailsTo(services(), user.email))
      .filter((row) => row.template === 'reset-password')
      .at(-1)!;
    const data = mail.data as unknown as ResetMailData;
    const url = new URL(data.resetUrl);
    return { token: url.searchParams.get('token')!, code: data.code, mail };
  }

  /** Lets the next forgotPassword for `email` mail again, as a minute's wait would. */
  const forgetMailCap = (email: string) => manager().delete(MailCap, { address: email });

  async function expectInvalidToken(attempt: Promise<unknown>): Promise<void> {
    const error = await attempt.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ProblemException);
    expect(error).toMatchObject({ code: 'INVALID_TOKEN' });
  }

  describe('forgotPassword', () => {
    it('mails a link to the SPA page (30 min) and a 6-digit code (10 min) for a known address', async () => {
      const user = await createUser(services(), passphrase());

      const { token, code, mail } = await forgot(user);

      const data = mail.data as unknown as ResetMailData;
      expect(data.resetUrl).toBe(`${PUBLIC_URL}/reset-password?token=${token}`);
      expect(data).toMatchObject({
        nickname: user.nickname,
        linkExpiresInMinutes: 30,
        codeExpiresInMinutes: 10,
      });
      expect(code).toMatch(/^[0-9]{6}$/);
      expect(mail.userId).toBe(user.id);
      const expiresInMs = mail.expiresAt!.getTime() - Date.now();
      expect(expiresInMs).toBeGreaterThan(29 * 60_000);
      expect(expiresInMs).toBeLessThanOrEqual(30 * 60_000);
    });

    it('writes no mail for an unknown or disabled address, but claims the mail slot just the same', async () => {
      const disabled = await createUser(services(), passphrase(), { disabledAt: new Date() });
      const unknown = 'nobody.here@example.com';

      await services().resets.forgotPassword(unknown);
      await services().resets.forgotPassword(disabled.email);

      expect(await manager().countBy(MailOutbox, { to: unknown })).toBe(0);
      expect(await manager().countBy(MailOutbox, { to: disabled.email })).toBe(0);
      expect(await manager().countBy(MailCap, { address: unknown, purpose: 'reset-password' })).toBe(1);
      expect(await manager().countBy(OneTimeToken, { userId: disabled.id })).toBe(0);
    });

    it('within a minute of the last mail changes nothing: no mail, and the mailed link still works', async () => {
      const user = await createUser(services(), passphrase());
      const first = await forgot(user);

      await services().resets.forgotPassword(user.email);

      expect(await mailsTo(services(), user.email)).toHaveLength(1);
      await services().resets.resetPassword({ token: first.token, newPassword: passphrase() });
    });

    it('replaces the earlier link and code when it mails again', async () => {
      const user = await createUser(services(), passphrase());
      const first = await forgot(user);
      await forgetMailCap(user.email);

      const second = await forgot(user);

      await expectInvalidToken(
        services().resets.resetPassword({ token: first.token, newPassword: passphrase() }),
      );
      await expectInvalidToken(
        services().resets.resetPassword({ email: user.email, code: first.code, newPassword: passphrase() }),
      );
      await services().resets.resetPassword({
        email: user.email,
        code: second.code,
        newPassword: passphrase(),
      });
    });
  });

  describe('resetPassword', () => {
    it('by link: sets the password, ends every session, confirms the address, mails a notice', async () => {
      const user = await createUser(services(), passphrase());
      await services().sessions.start(user, false, {}, ['pwd']);
      await services().sessions.start(user, true, {}, ['pwd']);
      const { token, code } = await forgot(user);
      const newPassword = passphrase();

      await services().resets.resetPassword({ token, newPassword });

      const after = await reload(user);
      expect(await services().hasher.verify(newPassword, after.passwordHash)).toBe(true);
      expect(after.emailConfirmedAt).not.toBeNull();
      expect(after.role).toBe('user');
      expect(await manager().countBy(Session, { userId: user.id, revokedAt: IsNull() })).toBe(0);
      const notice = (await mailsTo(services(), user.email)).find(
        (mail) => mail.template === 'password-changed',
      );
      expect(notice?.data).toMatchObject({
        nickname: user.nickname,
        resetUrl: `${PUBLIC_URL}/forgot-password`,
      });
      // The link is spent, and the code from the same mail died with it.
      await expectInvalidToken(services().resets.resetPassword({ token, newPassword: passphrase() }));
      await expectInvalidToken(
        services().resets.resetPassword({ email: user.email, code, newPassword: passphrase() }),
      );
    });

    it('by link makes an address listed in ADMIN_EMAILS an admin, ending the sessions opened before', async () => {
      const admin = await createUser(services(), passphrase(), { email: ADMIN_EMAILS[0] });
      await services().sessions.start(admin, false, {}, ['pwd']); // perhaps whoever signed up with the address
      const { token } = await forgot(admin);

      await services().resets.resetPassword({ token, newPassword: passphrase() });

      expect(await reload(admin)).toMatchObject({ role: 'admin', approvedAt: expect.any(Date) });
      expect(await manager().countBy(Session, { userId: admin.id, revokedAt: IsNull() })).toBe(0);
    });

    it('by code does not promote an address listed in ADMIN_EMAILS: six digits can be guessed', async () => {
      const listed = await createUser(services(), passphrase(), { email: ADMIN_EMAILS[1] });
      const { code } = await forgot(listed);

      await services().resets.resetPassword({ email: listed.email, code, newPassword: passphrase() });

      expect((await reload(listed)).role).toBe('user');
    });

    it('never promotes an address again once an admin took the role away from it', async () => {
      const listed = await createUser(services(), passphrase(), { email: ADMIN_EMAILS[2] });
      await revokeAdmin(manager(), listed);
      await manager().save(listed);
      const { token } = await forgot(listed);

      await services().resets.resetPassword({ token, newPassword: passphrase() });

      expect((await reload(listed)).role).toBe('user');
    });

    it('revokes every pending one-time token, such as an email change asked for by someone else', async () => {
      const user = await createUser(services(), passphrase());
      await services().tokens.issue(manager(), user.id, 'change-email', 3600, {
        newEmail: 'thief@example.com',
      });
      await services().tokens.issue(manager(), user.id, 'cancel-email-change', 3600);
      const { token } = await forgot(user);

      await services().resets.resetPassword({ token, newPassword: passphrase() });

      expect(await manager().countBy(OneTimeToken, { userId: user.id, consumedAt: IsNull() })).toBe(0);
    });

    it('by code: sets the password but leaves the address unconfirmed; the link dies with it', async () => {
      const user = await createUser(services(), passphrase());
      const { token, code } = await forgot(user);
      const newPassword = passphrase();

      await services().resets.resetPassword({ email: user.email, code, newPassword });

      const after = await reload(user);
      expect(await services().hasher.verify(newPassword, after.passwordHash)).toBe(true);
      expect(after.emailConfirmedAt).toBeNull();
      await expectInvalidToken(services().resets.resetPassword({ token, newPassword: passphrase() }));
    });

    it('refuses a password the policy refuses without spending the link', async () => {
      const user = await createUser(services(), passphrase());
      const { token } = await forgot(user);

      const refused = services().resets.resetPassword({ token, newPassword: `my ${user.nickname} password` });

      await expect(refused).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ field: 'newPassword', code: 'PASSWORD_CONTAINS_PERSONAL_INFO' })],
      });
      await services().resets.resetPassword({ token, newPassword: passphrase() });
    });

    it('answers an unknown address with a code just like a wrong code', async () => {
      await expectInvalidToken(
        services().resets.resetPassword({
          email: 'nobody@example.com',
          code: '123456',
          newPassword: passphrase(),
        }),
      );
    });

    it('refuses a disabled account even with a good link', async () => {
      const user = await createUser(services(), passphrase());
      const { token } = await forgot(user);
      await manager().update(User, { id: user.id }, { disabledAt: new Date() });

      await expectInvalidToken(services().resets.resetPassword({ token, newPassword: passphrase() }));
    });

    it('lets exactly one of parallel resets with one link through', async () => {
      const user = await createUser(services(), passphrase());
      const { token } = await forgot(user);

      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          services().resets.resetPassword({ token, newPassword: passphrase() }),
        ),
      );

      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(await manager().countBy(MailOutbox, { to: user.email, template: 'password-changed' })).toBe(1);
    });
  });
});
