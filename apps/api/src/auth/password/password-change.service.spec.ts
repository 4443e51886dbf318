import { IsNull } from 'typeorm';
import {
  createUser,
  mailsTo,
  passphrase,
  PUBLIC_URL,
  usePasswordServices,
} from '../../testing/password-services';
import { User } from '../../users/user.entity';
import { Session } from '../sessions/session.entity';
import { OneTimeToken, TokenPurpose } from '../tokens/one-time-token.entity';

describe('PasswordChangeService', () => {
  const services = usePasswordServices();

  const manager = () => services().dataSource.manager;
  const storedHash = async (user: User) =>
    (await manager().findOneByOrFail(User, { id: user.id })).passwordHash;

  async function signedIn(password: string) {
    const user = await createUser(services(), password);
    const current = await services().sessions.start(user, false, {}, ['pwd']);
    const other = await services().sessions.start(user, false, {}, ['pwd']);
    return {
      user,
      current,
      other,
      session: { sessionId: current.sessionId, user, recentlyAuthenticated: true },
    };
  }

  it('sets the new password, keeps the current session, ends the others and mails a notice', async () => {
    const password = passphrase();
    const { user, current, other, session } = await signedIn(password);
    const newPassword = passphrase();

    await services().changes.change(session, { currentPassword: password, newPassword });

    expect(await services().hasher.verify(newPassword, await storedHash(user))).toBe(true);
    expect(await services().sessions.findActive(current.sessionId)).toBeDefined();
    expect(await services().sessions.findActive(other.sessionId)).toBeUndefined();
    const [notice] = await mailsTo(services(), user.email);
    expect(notice).toMatchObject({ template: 'password-changed', userId: user.id });
    expect(notice.data).toMatchObject({
      nickname: user.nickname,
      changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/),
      resetUrl: `${PUBLIC_URL}/forgot-password`,
    });
  });

  it('revokes every pending one-time token, so an email change asked for with the old password dies', async () => {
    const password = passphrase();
    const { user, session } = await signedIn(password);
    const pending = (purpose: TokenPurpose) =>
      services().tokens.issue(manager(), user.id, purpose, 3600, { newEmail: 'elsewhere@example.com' });
    await pending('change-email');
    await pending('cancel-email-change');
    await pending('confirm-email');

    await services().changes.change(session, { currentPassword: password, newPassword: passphrase() });

    expect(await manager().countBy(OneTimeToken, { userId: user.id, consumedAt: IsNull() })).toBe(0);
  });

  it('refuses a wrong current password with INVALID_CURRENT_PASSWORD and changes nothing', async () => {
    const { user, session } = await signedIn(passphrase());
    const hashBefore = await storedHash(user);

    await expect(
      services().changes.change(session, {
        currentPassword: 'not the password at all',
        newPassword: passphrase(),
      }),
    ).rejects.toMatchObject({ code: 'INVALID_CURRENT_PASSWORD' });

    expect(await storedHash(user)).toBe(hashBefore);
    expect(await manager().countBy(Session, { userId: user.id, revokedAt: IsNull() })).toBe(2);
    expect(await mailsTo(services(), user.email)).toEqual([]);
  });

  it('refuses a new password the policy refuses, on the newPassword field', async () => {
    const password = passphrase();
    const { user, session } = await signedIn(password);

    await expect(
      services().changes.change(session, { currentPassword: password, newPassword: 'short one' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'newPassword', code: 'PASSWORD_TOO_SHORT' })],
    });
    expect(await services().hasher.verify(password, await storedHash(user))).toBe(true);
  });
});
