import {
  ApiInstance,
  askForMagicLink,
  authenticatorFor,
  confirmFromMail,
  enrolTotp,
  expectStatus,
  LoginBody,
  loginToSecondStep,
  MfaRequired,
  parseSetCookie,
  ReceivedMail,
  refreshCookieOf,
  refreshWithCookie,
  registerPasskey,
  signUp,
  trySignInWithPasskey,
  useServers,
} from './support';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const NOTICE_SUBJECT = /^(New sign-in to your .* account|Neue Anmeldung bei Ihrem .*-Konto)$/;
/** Long enough for a queued notice to have arrived: the worker is nudged when the request commits. */
const QUIET_MS = 700;

/** A browser: its user agent, and the device cookie it keeps between sign-ins. */
interface Browser {
  userAgent: string;
  deviceCookie?: string;
  refreshCookie?: { name: string; value: string };
}

/**
 * Backdates when the account last used each device (the clock is moved through the database, as elsewhere);
 * this statement knows the table known_devices. On PGlite this restarts the instance.
 */
const AGE_KNOWN_DEVICES = `
  UPDATE known_devices SET last_seen_at = now() - make_interval(days => $2)
  WHERE user_id = (SELECT id FROM users WHERE email = $1) RETURNING device_key`;

/** A sign-in from a device the account has not used in 90 days mails a notice (§12); refreshes never do. */
describe('new-sign-in notice', () => {
  const servers = useServers();
  const app = () => servers.app;
  const sink = () => servers.sink;

  function browser(userAgent: string): Browser {
    return { userAgent };
  }

  function headersOf(client: Browser): Record<string, string> {
    return {
      'user-agent': client.userAgent,
      ...(client.deviceCookie && { cookie: client.deviceCookie }),
    };
  }

  /** Keeps what a browser would keep of a sign-in answer: the device cookie and the refresh cookie. */
  function remember(client: Browser, response: { cookies: string[] }): void {
    const device = response.cookies
      .map(parseSetCookie)
      .find((cookie) => /latchkey_device$/.test(cookie.name));
    if (device) client.deviceCookie = `${device.name}=${device.value}`;
    const refresh = refreshCookieOf(response as never);
    if (refresh) client.refreshCookie = refresh;
  }

  async function passwordSignIn(client: Browser, account: { email: string; password: string }) {
    const response = await app().client.post<LoginBody>(
      '/auth/login',
      { email: account.email, password: account.password, tokenDelivery: 'cookie' },
      { headers: headersOf(client) },
    );
    expectStatus(response, 200);
    remember(client, response);
    return response;
  }

  /** A password sign-in from a client that keeps no cookies (tokens in the body), named by its user agent. */
  async function appSignIn(account: { email: string; password: string }, userAgent: string) {
    const response = await app().client.post<LoginBody>(
      '/auth/login',
      { email: account.email, password: account.password },
      { headers: { 'user-agent': userAgent } },
    );
    expectStatus(response, 200);
    return response.body;
  }

  async function confirmedAccount() {
    const account = await signUp(app(), sink());
    await confirmFromMail(app(), account.mail);
    return account;
  }

  const notices = (email: string) => sink().matching({ to: email, subject: NOTICE_SUBJECT });

  async function expectNoNewNotice(email: string, before: ReceivedMail[]): Promise<void> {
    await sink().waitForQuiet(QUIET_MS);
    expect(notices(email)).toEqual(before);
  }

  async function nextNotice(email: string, before: ReceivedMail[]): Promise<ReceivedMail> {
    return sink().waitForMail({
      to: email,
      subject: NOTICE_SUBJECT,
      where: (mail) => !before.includes(mail),
    });
  }

  async function ageDevices(instance: ApiInstance, email: string, days: number): Promise<void> {
    const aged = await instance.editDatabase((sql) => sql(AGE_KNOWN_DEVICES, [email, days]));
    expect(aged.length).toBeGreaterThan(0);
  }

  it('stays quiet for the first sign-in, the same browser again and its refreshes; a new browser gets one', async () => {
    const account = await confirmedAccount();
    const firefox = browser(FIREFOX_LINUX);

    await passwordSignIn(firefox, account);
    expect(firefox.deviceCookie).toBeDefined();
    await expectNoNewNotice(account.email, []);

    await passwordSignIn(firefox, account);
    const refreshed = await refreshWithCookie(app(), firefox.refreshCookie!, {
      'user-agent': firefox.userAgent,
      cookie: `${firefox.refreshCookie!.name}=${firefox.refreshCookie!.value}; ${firefox.deviceCookie}`,
    });
    expectStatus(refreshed, 200);
    await expectNoNewNotice(account.email, []);

    const safari = browser(SAFARI_MAC);
    await passwordSignIn(safari, account);
    const notice = await nextNotice(account.email, []);
    expect(notice.subject).toMatch(/^New sign-in to your .* account$/);
    for (const part of [notice.text, notice.html]) {
      expect(part).toContain('Safari on macOS');
      expect(part).toContain('127.0.0.1');
      expect(part).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
      expect(part).toContain(`${app().publicUrl}/profile/sessions`);
    }

    // The new browser is known from now on, and the first one still is.
    await passwordSignIn(safari, account);
    await passwordSignIn(firefox, account);
    await expectNoNewNotice(account.email, [notice]);
  });

  it('mails again for a device last used more than 90 days ago, by any method', async () => {
    const account = await confirmedAccount();
    const firefox = browser(FIREFOX_LINUX);
    await passwordSignIn(firefox, account);
    await ageDevices(app(), account.email, 89);
    await passwordSignIn(firefox, account);
    await expectNoNewNotice(account.email, []);

    await ageDevices(app(), account.email, 91);
    await passwordSignIn(firefox, account);
    const afterPassword = await nextNotice(account.email, []);
    expect(afterPassword.text).toContain('Firefox on Linux');

    // A magic link from a browser the account never used.
    const chrome = browser(CHROME_WINDOWS);
    const { token, pkce } = await askForMagicLink(app(), sink(), account.email);
    const viaLink = await app().client.post<LoginBody>(
      '/auth/magic-link/verify',
      { token, codeVerifier: pkce.codeVerifier, tokenDelivery: 'cookie' },
      { headers: headersOf(chrome) },
    );
    expectStatus(viaLink, 200);
    remember(chrome, viaLink);
    expect(chrome.deviceCookie).toBeDefined();
    const afterLink = await nextNotice(account.email, [afterPassword]);
    expect(afterLink.text).toContain('Chrome on Windows');
  });

  it('counts passkey sign-ins, and hands their clients a device token', async () => {
    const account = await confirmedAccount();
    const firefox = browser(FIREFOX_LINUX);
    const { accessToken } = (await passwordSignIn(firefox, account)).body;
    const authenticator = authenticatorFor(app());
    await registerPasskey(app(), accessToken, authenticator);
    const before = notices(account.email);

    // The test client's own user agent on this network: a device the account has not used yet.
    const signedIn = await trySignInWithPasskey(app(), authenticator);
    expectStatus(signedIn, 200);
    expect(signedIn.body.deviceToken).toMatch(/^[\w-]{22}\.\d+\.[\w-]{43}$/);
    await nextNotice(account.email, before);
    const after = notices(account.email);

    expectStatus(await trySignInWithPasskey(app(), authenticator), 200);
    await expectNoNewNotice(account.email, after);
  });

  it('knows a client without cookies by the deviceToken it keeps, on any method', async () => {
    const account = await confirmedAccount();
    const { deviceToken } = await appSignIn(account, 'LatchkeyApp/1.0');
    expect(deviceToken).toBeDefined();

    // The app updated (another user agent), but it still holds its token: known.
    const { token, pkce } = await askForMagicLink(app(), sink(), account.email);
    const withToken = await app().client.post<LoginBody>(
      '/auth/magic-link/verify',
      { token, codeVerifier: pkce.codeVerifier, deviceToken },
      { headers: { 'user-agent': 'LatchkeyApp/2.0' } },
    );
    expectStatus(withToken, 200);
    await expectNoNewNotice(account.email, []);

    // Another client with neither token nor a known user agent: new.
    await appSignIn(account, 'curl/8.5.0');
    expect((await nextNotice(account.email, [])).text).toContain('curl');
  });

  it('knows the deviceToken sent with the second step of a sign-in too', async () => {
    const account = await confirmedAccount();
    const { deviceToken, accessToken } = await appSignIn(account, 'LatchkeyApp/1.0');
    const { authenticator } = await enrolTotp(app(), accessToken);

    // Magic link, then the app's code: only the second step finishes the sign-in, so it carries the token.
    const { token, pkce } = await askForMagicLink(app(), sink(), account.email);
    const firstStep = await app().client.post<MfaRequired>(
      '/auth/magic-link/verify',
      { token, codeVerifier: pkce.codeVerifier },
      { headers: { 'user-agent': 'LatchkeyApp/2.0' } },
    );
    const verified = await app().client.post<LoginBody>(
      '/auth/mfa/verify',
      { mfaToken: firstStep.body.mfaToken, code: await authenticator.nextCode(), deviceToken },
      { headers: { 'user-agent': 'LatchkeyApp/2.0' } },
    );
    expectStatus(verified, 200);
    await expectNoNewNotice(account.email, []);

    // The same steps from a client that keeps no token (password first, as the mail cap allows one link a
    // minute): new.
    const { mfaToken } = await loginToSecondStep(app(), account, {});
    const stranger = await app().client.post<LoginBody>(
      '/auth/mfa/verify',
      { mfaToken, code: await authenticator.nextCode() },
      { headers: { 'user-agent': 'LatchkeyApp/3.0' } },
    );
    expectStatus(stranger, 200);
    expect((await nextNotice(account.email, [])).text).toContain('LatchkeyApp');
  });

  it('mails once for simultaneous sign-ins from one new device', async () => {
    const account = await confirmedAccount();
    await appSignIn(account, 'LatchkeyApp/1.0');

    await Promise.all(Array.from({ length: 8 }, () => appSignIn(account, 'LatchkeyCli/1.0')));
    const notice = await nextNotice(account.email, []);
    expect(notice.text).toContain('LatchkeyCli');
    await expectNoNewNotice(account.email, [notice]);
  });

  it('takes another account’s device cookie for no proof: a new browser carrying it still mails', async () => {
    const first = await confirmedAccount();
    const second = await confirmedAccount();
    const firefox = browser(FIREFOX_LINUX);
    await passwordSignIn(firefox, second);
    await passwordSignIn(firefox, first);

    const stolen = { ...browser(SAFARI_MAC), deviceCookie: firefox.deviceCookie };
    await passwordSignIn(stolen, second);
    expect((await nextNotice(second.email, [])).text).toContain('Safari on macOS');
  });

  it('writes the notice in the account’s language', async () => {
    const account = await confirmedAccount();
    await passwordSignIn(browser(FIREFOX_LINUX), account);
    const { accessToken } = (await passwordSignIn(browser(FIREFOX_LINUX), account)).body;
    expectStatus(await app().client.patch('/users/me', { locale: 'de' }, { token: accessToken }), 200);

    await passwordSignIn(browser(SAFARI_MAC), account);
    const notice = await nextNotice(account.email, []);
    expect(notice.subject).toMatch(/^Neue Anmeldung bei Ihrem .*-Konto$/);
    expect(notice.text).toContain('Gerät: Safari on macOS');
    expect(notice.text).toContain('IP-Adresse: 127.0.0.1');
  });
});
