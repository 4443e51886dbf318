import {
  ApiResponse,
  Credentials,
  delay,
  expectProblem,
  expectStatus,
  forgotPassword,
  passphrase,
  postPasswordReset,
  signUp,
  uniqueEmail,
  useServers,
} from './support';

/**
 * docs/architecture.md › Passwords, lockout and throttling: ten consecutive failures lock the account; the
 * lock grows from LOGIN_LOCKOUT_BASE to _MAX.
 */
const FAILURES_TO_LOCK = 10;
const BASE_SECONDS = 2;
const MAX_SECONDS = 4;
/** Slack either side of a lock's end, for a busy machine. */
const MARGIN_MS = 600;

describe('per-account lockout on POST /auth/login', () => {
  const servers = useServers({
    env: { LOGIN_LOCKOUT_BASE: `${BASE_SECONDS}s`, LOGIN_LOCKOUT_MAX: `${MAX_SECONDS}s` },
  });
  const app = () => servers.app;
  const login = (email: string, password: string) => app().client.post('/auth/login', { email, password });
  const newAccount = () => signUp(app(), servers.sink);

  /** Sends wrong passwords one after another, each refused as usual; resolves when the last is answered. */
  async function failTimes(account: Credentials, times: number): Promise<ApiResponse> {
    let last: ApiResponse | undefined;
    for (let i = 0; i < times; i++) {
      last = await login(account.email, passphrase());
      expectProblem(last, 401, 'INVALID_CREDENTIALS');
    }
    return last!;
  }

  it('locks after ten wrong passwords in a row: the right one then gets the very same 401', async () => {
    const account = await newAccount();
    const wrongPassword = await failTimes(account, FAILURES_TO_LOCK);

    const rightWhileLocked = await login(account.email, account.password);
    const unknownAddress = await login(uniqueEmail('nobody'), account.password);

    expectProblem(rightWhileLocked, 401, 'INVALID_CREDENTIALS');
    expect(rightWhileLocked.raw.equals(wrongPassword.raw)).toBe(true);
    expect(rightWhileLocked.raw.equals(unknownAddress.raw)).toBe(true);
    for (const header of ['www-authenticate', 'cache-control', 'content-type', 'retry-after']) {
      expect(rightWhileLocked.headers.get(header)).toBe(wrongPassword.headers.get(header));
    }
    expect(rightWhileLocked.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('does not lock after nine failures, and a success starts the count again', async () => {
    const account = await newAccount();
    await failTimes(account, FAILURES_TO_LOCK - 1);
    expectStatus(await login(account.email, account.password), 200);

    await failTimes(account, FAILURES_TO_LOCK - 1);

    expectStatus(await login(account.email, account.password), 200);
  });

  it('lets a locked-out owner reset the password, which opens the account at once', async () => {
    const account = await newAccount();
    await failTimes(account, FAILURES_TO_LOCK);
    const { token } = await forgotPassword(app(), servers.sink, account.email);
    const newPassword = passphrase();

    expectStatus(await postPasswordReset(app(), { token, newPassword }), 204);

    expectStatus(await login(account.email, newPassword), 200);
  });

  it('opens the account again when the lock ends', async () => {
    const account = await newAccount();
    await failTimes(account, FAILURES_TO_LOCK);
    const lockedAt = Date.now();

    await delay(BASE_SECONDS * 1000 - MARGIN_MS * 2);
    expectProblem(await login(account.email, account.password), 401, 'INVALID_CREDENTIALS');
    await untilElapsed(lockedAt, BASE_SECONDS * 1000 + MARGIN_MS);
    expectStatus(await login(account.email, account.password), 200);
  });

  it('locks twice as long the next time, up to LOGIN_LOCKOUT_MAX', async () => {
    const account = await newAccount();
    await failTimes(account, FAILURES_TO_LOCK);
    await delay(BASE_SECONDS * 1000 + MARGIN_MS);

    // Second lockout: twice the first, so still locked when the first would have ended.
    await failTimes(account, FAILURES_TO_LOCK);
    const secondLockAt = Date.now();
    await delay(BASE_SECONDS * 1000 + MARGIN_MS);
    expectProblem(await login(account.email, account.password), 401, 'INVALID_CREDENTIALS');
    await untilElapsed(secondLockAt, 2 * BASE_SECONDS * 1000 + MARGIN_MS);

    // Third lockout: twice again would be 8 s, but the maximum is 4 s.
    await failTimes(account, FAILURES_TO_LOCK);
    const thirdLockAt = Date.now();
    await untilElapsed(thirdLockAt, MAX_SECONDS * 1000 + MARGIN_MS);
    expectStatus(await login(account.email, account.password), 200);
  });

  it('never locks an unknown address: every attempt gets the answer a known one would', async () => {
    const known = await newAccount();
    const reference = await login(known.email, passphrase());
    const unknown = uniqueEmail('ghost');

    for (let i = 0; i < FAILURES_TO_LOCK + 2; i++) {
      const response = await login(unknown, passphrase());
      expectProblem(response, 401, 'INVALID_CREDENTIALS');
      expect(response.raw.equals(reference.raw)).toBe(true);
    }
  });
});

async function untilElapsed(since: number, ms: number): Promise<void> {
  await delay(Math.max(0, since + ms - Date.now()));
}
