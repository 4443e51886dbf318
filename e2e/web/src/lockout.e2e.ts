import type { Page } from '@playwright/test';
import { expect, passphrase, test, type Account } from './support/fixtures';

/** Failures in a row that lock an account for browsers it never signed in from. */
const FAILURES_TO_LOCK = 10;
/** The plain name: the test server's PUBLIC_URL is http (under https it is `__Host-latchkey_device`). */
const DEVICE_COOKIE = 'latchkey_device';

async function logInThroughForm(page: Page, account: Account): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test.describe('lockout that spares the owner’s browser', () => {
  test("an attacker's wrong passwords lock the account, yet the browser that signed in before still gets in", async ({
    page,
    server,
    browser,
  }) => {
    const account = await server.createAccount();
    await logInThroughForm(page, account);
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
    const cookie = (await page.context().cookies()).find(({ name }) => name === DEVICE_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(((cookie?.expires ?? 0) - Date.now() / 1000) / 86400).toBeGreaterThan(364);
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page.getByText('You are logged out.')).toBeVisible();

    // The attacker, from a client that never signed in to this account.
    for (let i = 0; i < FAILURES_TO_LOCK; i++) {
      const attempt = await server.api.client.post('/auth/login', {
        email: account.email,
        password: passphrase(),
      });
      expect(attempt.status).toBe(401);
    }

    await logInThroughForm(page, account);
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();

    const elsewhere = await browser.newContext();
    const otherPage = await elsewhere.newPage();
    await logInThroughForm(otherPage, account);
    await expect(
      otherPage.getByRole('alert').filter({ hasText: 'The email address or password is wrong' }),
    ).toBeVisible();
    await elsewhere.close();
  });
});
