import { test as base, expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { startApi, type ApiInstance } from '../../../api/src/support/api-instance';
import { extractLink, SmtpSink } from '../../../api/src/support/smtp-sink';
import { WEB_DIST } from './paths';

export interface Account {
  email: string;
  password: string;
}

export interface Server {
  api: ApiInstance;
  sink: SmtpSink;
  /** The confirmation link mailed to `email`, exactly as the person would click it. */
  confirmationLink(email: string): Promise<string>;
  /** A new account made through the API, confirmed through the link in its mail unless told otherwise. */
  createAccount(options?: { confirmed?: boolean }): Promise<Account>;
  /**
   * An admin at `email` (listed in the file's ADMIN_EMAILS): signed up and confirmed, then given its
   * password through the mailed reset link, the one way such an address becomes admin.
   */
  createAdmin(email: string): Promise<Account>;
}

interface WorkerFixtures {
  /** Extra API environment for a file (test.use({ apiEnv })): a different value starts another server. */
  apiEnv: Record<string, string>;
  /** The host pages are opened on (test.use({ publicHost: 'localhost' }) for passkeys); 127.0.0.1 otherwise. */
  publicHost: string | undefined;
  server: Server;
}

interface TestFixtures {
  /** The cookie choice this browser starts with; null shows the banner. */
  consent: 'essential' | 'all' | null;
  /** A page signed in as a fresh, confirmed account, opened at the home page. */
  signedInPage: { page: Page; account: Account };
}

/** The SPA's hint that this browser may hold a refresh cookie (apps/web/src/stores/auth.ts). */
const SESSION_HINT_KEY = 'latchkey.session';
const CONSENT_KEY = 'latchkey.cookie-consent';

export function uniqueEmail(prefix = 'web'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.com`;
}

/** Long, unrelated words: what the sign-up form itself suggests. */
export function passphrase(): string {
  return `harbor ${randomBytes(3).toString('hex')} quietly orbiting plums`;
}

async function startServer(apiEnv: Record<string, string>, publicHost?: string): Promise<Server> {
  const sink = await new SmtpSink().start();
  const api = await startApi({ sink, webDistDir: WEB_DIST, env: apiEnv, publicHost });
  const confirmationLink = async (email: string) => {
    const mail = await sink.waitForMail({ to: email, containing: '/confirm-email?token=' });
    const token = extractLink(mail, api.publicUrl, 'confirm-email');
    return `${api.publicUrl}/confirm-email?token=${encodeURIComponent(token)}`;
  };
  const createAccount = async ({ confirmed = true } = {}) => {
    const account = { email: uniqueEmail(), password: passphrase() };
    expect((await api.client.post('/auth/signup', account)).status).toBe(202);
    if (confirmed) {
      const token = new URL(await confirmationLink(account.email)).searchParams.get('token');
      expect((await api.client.post('/auth/email/confirm', { token })).status).toBe(200);
    }
    return account;
  };
  const createAdmin = async (email: string) => {
    const signUp = { email, password: passphrase() };
    expect((await api.client.post('/auth/signup', signUp)).status).toBe(202);
    const confirmToken = new URL(await confirmationLink(email)).searchParams.get('token');
    expect((await api.client.post('/auth/email/confirm', { token: confirmToken })).status).toBe(200);
    expect((await api.client.post('/auth/password/forgot', { email })).status).toBe(202);
    const resetToken = extractLink(
      await sink.waitForMail({ to: email, containing: '/reset-password?token=' }),
      api.publicUrl,
      'reset-password',
    );
    const admin = { email, password: passphrase() };
    const reset = await api.client.post('/auth/password/reset', {
      token: resetToken,
      newPassword: admin.password,
    });
    expect(reset.status).toBe(204);
    return admin;
  };
  return { api, sink, confirmationLink, createAccount, createAdmin };
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  apiEnv: [{}, { scope: 'worker', option: true }],
  publicHost: [undefined, { scope: 'worker', option: true }],

  server: [
    async ({ apiEnv, publicHost }, use) => {
      const server = await startServer(apiEnv, publicHost);
      try {
        await use(server);
      } finally {
        await server.api.stop();
        await server.sink.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  // PUBLIC_URL: the server itself, on the host the file asked for.
  baseURL: async ({ server }, use) => use(server.api.publicUrl),

  consent: ['essential', { option: true }],

  context: async ({ context, consent }, use) => {
    if (consent) {
      // Browser code as a string here and in the tests: the suite type-checks with Node's types only, as it
      // shares the API suite's harness, whose fetch types clash with the DOM library's.
      const [key, choice] = [JSON.stringify(CONSENT_KEY), JSON.stringify(consent)];
      await context.addInitScript({
        content: `if (!localStorage.getItem(${key})) localStorage.setItem(${key}, ${choice});`,
      });
    }
    await use(context);
  },

  // Every page must run clean: no uncaught error, and nothing the Content-Security-Policy had to block.
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    });
    await use(page);
    expect(problems, 'errors and CSP violations in the page').toEqual([]);
  },

  signedInPage: async ({ page, server }, use) => {
    const account = await server.createAccount();
    await signIn(page, account);
    await use({ page, account });
  },
});

/**
 * Logs `account` (confirmed) in on the page's own cookie jar, as the login form would, and opens the home
 * page, where the SPA restores the session.
 */
export async function signIn(page: Page, account: Account): Promise<void> {
  const login = await page.request.post('/api/v1/auth/login', {
    data: { ...account, tokenDelivery: 'cookie' },
  });
  expect(login.status()).toBe(200);
  await page.goto('/about');
  await page.evaluate(`localStorage.setItem(${JSON.stringify(SESSION_HINT_KEY)}, '1')`);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
}

export { expect };

/**
 * Opens a mailed confirmation or email-change link and presses the page's button, as the person would:
 * opening the link alone confirms nothing.
 */
export async function confirmThroughPage(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page
    .getByRole('button', { name: /^(Confirm my email address|Move my account to this address)$/ })
    .click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Your email address is confirmed' }),
  ).toBeVisible();
}
