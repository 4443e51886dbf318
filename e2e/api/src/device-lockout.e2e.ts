import {
  ApiResponse,
  Credentials,
  expectProblem,
  expectStatus,
  loginAs,
  parseSetCookie,
  passphrase,
  signUp,
  useServers,
} from './support';

/** Failures in a row that lock (docs/architecture.md, Passwords, lockout and throttling). */
const FAILURES_TO_LOCK = 10;
/** PUBLIC_URL is plain http in these tests, so the cookie has no __Host- prefix (device-cookie.spec.ts). */
const DEVICE_COOKIE = 'latchkey_device';
const YEAR_SECONDS = 365 * 24 * 3600;

describe('lockout that spares known devices', () => {
  const servers = useServers();
  const app = () => servers.app;
  const newAccount = () => signUp(app(), servers.sink);

  /** POST /auth/login, as a browser with the given device cookie (or none). */
  const login = (account: Credentials, password: string, deviceCookie?: string) =>
    app().client.post(
      '/auth/login',
      { email: account.email, password, tokenDelivery: 'cookie' },
      { headers: deviceCookie ? { cookie: `${DEVICE_COOKIE}=${deviceCookie}` } : {} },
    );

  function deviceCookieOf(response: ApiResponse): string {
    const header = response.cookies.find((cookie) => cookie.startsWith(`${DEVICE_COOKIE}=`));
    if (!header) throw new Error(`no ${DEVICE_COOKIE} cookie in ${JSON.stringify(response.cookies)}`);
    return parseSetCookie(header).value;
  }

  /** The owner's browser: signed in once, so it holds a device cookie for the account. */
  async function ownersBrowser(account: Credentials): Promise<string> {
    const response = await login(account, account.password);
    expectStatus(response, 200);
    return deviceCookieOf(response);
  }

  async function failTimes(account: Credentials, times: number, deviceCookie?: string): Promise<void> {
    for (let i = 0; i < times; i++) {
      expectProblem(await login(account, passphrase(), deviceCookie), 401, 'INVALID_CREDENTIALS');
    }
  }

  it('sets an HttpOnly, SameSite=Strict, long-lived device cookie at every sign-in', async () => {
    const account = await newAccount();

    const response = await login(account, account.password);

    expectStatus(response, 200);
    const header = response.cookies.find((cookie) => cookie.startsWith(`${DEVICE_COOKIE}=`));
    const cookie = parseSetCookie(header ?? '');
    expect(cookie.value).toMatch(/^[\w-]{22}\.\d+\.[\w-]{43}$/);
    expect(cookie.attributes).toMatchObject({ httponly: true, path: '/' });
    expect(String(cookie.attributes.samesite).toLowerCase()).toBe('strict');
    expect(Number(cookie.attributes['max-age'])).toBe(YEAR_SECONDS);
    expect(response.body).not.toHaveProperty('deviceToken'); // cookie delivery: never readable by script
  });

  it("locks the account against an attacker's failures from nowhere, yet the owner's browser still signs in", async () => {
    const account = await newAccount();
    const owner = await ownersBrowser(account);

    await failTimes(account, FAILURES_TO_LOCK);

    expectProblem(await login(account, account.password), 401, 'INVALID_CREDENTIALS');
    const ownerAgain = await login(account, account.password, owner);
    expectStatus(ownerAgain, 200);
    // The browser keeps the same device, and the lock keeps refusing everyone else.
    expect(deviceCookieOf(ownerAgain).split('.')[0]).toBe(owner.split('.')[0]);
    expectProblem(await login(account, account.password), 401, 'INVALID_CREDENTIALS');
  });

  it('limits a known device that fails repeatedly on its own, without locking the account for others', async () => {
    const account = await newAccount();
    const device = await ownersBrowser(account);

    await failTimes(account, FAILURES_TO_LOCK, device);

    expectProblem(await login(account, account.password, device), 401, 'INVALID_CREDENTIALS');
    const elsewhere = await login(account, account.password);
    expectStatus(elsewhere, 200);
    // A fresh cookie from that success is a new device, with a clean count.
    expectStatus(await login(account, account.password, deviceCookieOf(elsewhere)), 200);
  });

  it('counts failures from a known device toward that device, not toward the account', async () => {
    const account = await newAccount();
    const device = await ownersBrowser(account);

    await failTimes(account, FAILURES_TO_LOCK - 1, device);
    await failTimes(account, FAILURES_TO_LOCK - 1);

    expectStatus(await login(account, account.password), 200);
  });

  it('gives native clients the same proof as deviceToken in the body', async () => {
    const account = await newAccount();
    const native = await loginAs(app(), account, { tokenDelivery: 'body' });
    const deviceToken = native.deviceToken;
    expect(deviceToken).toMatch(/^[\w-]{22}\.\d+\.[\w-]{43}$/);

    await failTimes(account, FAILURES_TO_LOCK);

    const withToken = await app().client.post('/auth/login', {
      email: account.email,
      password: account.password,
      deviceToken,
    });
    expectStatus(withToken, 200);
  });

  it('accepts no proof made for another account, forged, or tampered with', async () => {
    const [victim, attacker] = [await newAccount(), await newAccount()];
    const attackersOwn = await ownersBrowser(attacker);
    const victims = await ownersBrowser(victim);
    const [deviceId, issuedAt, mac] = victims.split('.');
    await failTimes(victim, FAILURES_TO_LOCK);

    for (const proof of [
      attackersOwn,
      `${deviceId}.${Number(issuedAt) + 1}.${mac}`,
      `${'A'.repeat(22)}.${issuedAt}.${mac}`,
      'not-a-device-token',
    ]) {
      expectProblem(await login(victim, victim.password, proof), 401, 'INVALID_CREDENTIALS');
    }
    expectStatus(await login(victim, victim.password, victims), 200);
  });
});
