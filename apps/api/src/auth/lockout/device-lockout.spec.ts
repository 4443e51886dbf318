import { Logger } from '@nestjs/common';
import { insertAccount, TEST_PASSWORD, useAccountServices } from '../../testing/account-services';
import { User } from '../../users/user.entity';
import { LOCKOUT_THRESHOLD } from './login-lockout';

const WRONG = `${TEST_PASSWORD} not`;

describe('CredentialsVerifier with device tokens', () => {
  const spec = useAccountServices();
  afterEach(() => jest.restoreAllMocks());

  const signIn = (user: User, password: string, deviceToken?: string) =>
    spec.services.credentials.accountFor(user.email, password, deviceToken);
  const stored = (user: User) => spec.userRows.findOneByOrFail({ id: user.id });

  /** An account and the device token of a browser that signed in to it once. */
  async function accountWithDevice(): Promise<{ user: User; device: string }> {
    const user = await insertAccount(spec.services, spec.userRows);
    const first = await signIn(user, TEST_PASSWORD);
    return { user, device: first!.deviceToken! };
  }

  async function failTimes(user: User, times: number, deviceToken?: string): Promise<void> {
    for (let i = 0; i < times; i++) expect(await signIn(user, WRONG, deviceToken)).toBeUndefined();
  }

  /** What logSecurityEvent wrote, as the objects handed to the logger. */
  function loggedEvents() {
    const calls = (['warn', 'log'] as const).map((level) =>
      jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined),
    );
    return () => calls.flatMap((spy) => spy.mock.calls.map(([event]) => event as Record<string, unknown>));
  }

  it('counts failures from a known device against that device only, which then locks on its own', async () => {
    const { user, device } = await accountWithDevice();

    await failTimes(user, LOCKOUT_THRESHOLD, device);

    expect(await stored(user)).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
    expect(await signIn(user, TEST_PASSWORD, device)).toBeUndefined();
    expect(await signIn(user, TEST_PASSWORD)).toBeDefined();
  });

  it('admits a known device while the account is locked, and leaves that lock running', async () => {
    const { user, device } = await accountWithDevice();
    await failTimes(user, LOCKOUT_THRESHOLD);
    const { lockedUntil } = await stored(user);

    const known = await signIn(user, TEST_PASSWORD, device);

    expect(known).toMatchObject({ user: { id: user.id }, knownDevice: true });
    const deviceIdOf = (token: string) => spec.services.deviceTokens.deviceIdOf(token, user.id);
    expect(deviceIdOf(known!.deviceToken!)).toBe(deviceIdOf(device));
    expect((await stored(user)).lockedUntil).toEqual(lockedUntil);
    expect(await signIn(user, TEST_PASSWORD)).toBeUndefined();
  });

  it("clears the account's count on a known device's success, as any success does", async () => {
    const { user, device } = await accountWithDevice();
    await failTimes(user, LOCKOUT_THRESHOLD - 1);

    expect(await signIn(user, TEST_PASSWORD, device)).toBeDefined();

    expect(await stored(user)).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
  });

  it('treats a device token of another account as no token at all', async () => {
    const { device: othersDevice } = await accountWithDevice();
    const { user } = await accountWithDevice();

    await failTimes(user, LOCKOUT_THRESHOLD, othersDevice);

    expect((await stored(user)).failedLoginCount).toBe(LOCKOUT_THRESHOLD);
    expect(await signIn(user, TEST_PASSWORD, othersDevice)).toBeUndefined();
  });

  it('logs each failure with its reason and each lock, naming the account by id and nothing secret', async () => {
    const { user, device } = await accountWithDevice();
    const events = loggedEvents();

    await signIn({ ...user, email: 'nobody@example.com' }, TEST_PASSWORD);
    await failTimes(user, LOCKOUT_THRESHOLD);
    await signIn(user, TEST_PASSWORD);
    await failTimes(user, LOCKOUT_THRESHOLD, device);
    await signIn(user, TEST_PASSWORD, device);

    const logged = events();
    expect(logged).toContainEqual({
      event: 'auth.login_failed',
      reason: 'unknown_account',
      knownDevice: false,
    });
    expect(logged).toContainEqual({
      event: 'auth.login_failed',
      userId: user.id,
      reason: 'wrong_password',
      knownDevice: false,
    });
    expect(logged).toContainEqual({
      event: 'auth.account_locked',
      userId: user.id,
      failures: LOCKOUT_THRESHOLD,
      lockedUntil: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(logged).toContainEqual(expect.objectContaining({ reason: 'account_locked', knownDevice: false }));
    expect(logged).toContainEqual({
      event: 'auth.device_locked',
      userId: user.id,
      deviceId: spec.services.deviceTokens.deviceIdOf(device, user.id),
      failures: LOCKOUT_THRESHOLD,
      lockedUntil: expect.any(String),
    });
    expect(logged).toContainEqual(expect.objectContaining({ reason: 'device_locked', knownDevice: true }));
    const text = JSON.stringify(logged);
    for (const secret of [TEST_PASSWORD, WRONG, user.email, 'nobody@example.com', device]) {
      expect(text).not.toContain(secret);
    }
  });
});
