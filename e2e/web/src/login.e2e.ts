import type { BrowserContext } from '@playwright/test';
import { checkPage } from './support/accessibility';
import { expect, test } from './support/fixtures';

const REFRESH_COOKIE = 'latchkey_refresh';

async function refreshCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name === REFRESH_COOKIE);
}

test.describe('log in and out', () => {
  test('a wrong password is refused with one message for the form', async ({ page, server }, testInfo) => {
    const account = await server.createAccount();
    await page.goto('/login');
    await checkPage(page, 'login', testInfo);
    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill('not the right passphrase at all');
    await page.getByRole('button', { name: 'Log in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The email address or password is wrong' });
    await expect(alert).toBeVisible();
    await expect(alert).toBeFocused();
    await checkPage(page, 'login-error', testInfo);
  });

  test('log in from a guarded page, land back on it, then log out everywhere in this tab', async ({
    page,
    server,
  }, testInfo) => {
    const account = await server.createAccount();
    await page.goto('/profile');
    await expect(page).toHaveURL(/\/login\?redirect=(%2F|\/)profile$/);
    await expect(page.getByText('Log in to see that page.')).toBeVisible();

    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
    await expect(page.getByText(account.email)).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Log out');
    await checkPage(page, 'profile', testInfo);

    const cookie = await refreshCookie(page.context());
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/v1/auth' });
    expect(cookie?.expires).toBe(-1); // without "remember me" it ends with the browser

    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page.getByText('You are logged out.')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Your account, kept safe' })).toBeVisible();
    expect(await refreshCookie(page.context())).toBeUndefined();

    await page.reload();
    await expect(page.getByRole('link', { name: 'Log in' }).first()).toBeVisible();
    await page.goto('/profile');
    await expect(page).toHaveURL(/\/login/);
  });

  test('remember me keeps the session across a reload and a browser restart', async ({
    page,
    server,
    browser,
  }) => {
    const account = await server.createAccount();
    await page.goto('/login');
    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByLabel('Keep me logged in on this device for 30 days').check();
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();

    const cookie = await refreshCookie(page.context());
    const days = ((cookie?.expires ?? 0) - Date.now() / 1000) / 86400;
    expect(days).toBeGreaterThan(29);

    // A reload loses the in-memory access token; the refresh cookie brings the session back.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();

    // A restarted browser keeps persistent cookies and local storage, and drops session cookies.
    const saved = await page.context().storageState();
    const restarted = await browser.newContext({
      baseURL: server.api.baseUrl,
      storageState: { ...saved, cookies: saved.cookies.filter((kept) => kept.expires !== -1) },
    });
    const again = await restarted.newPage();
    await again.goto('/profile');
    await expect(again.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
    await restarted.close();
  });

  test('without remember me, a browser restart ends the session', async ({
    signedInPage,
    browser,
    server,
  }) => {
    const saved = await signedInPage.page.context().storageState();
    expect(saved.cookies.find((cookie) => cookie.name === REFRESH_COOKIE)?.expires).toBe(-1);
    const restarted = await browser.newContext({
      baseURL: server.api.baseUrl,
      storageState: { ...saved, cookies: saved.cookies.filter((kept) => kept.expires !== -1) },
    });
    const again = await restarted.newPage();
    await again.goto('/profile');
    await expect(again).toHaveURL(/\/login\?redirect=(%2F|\/)profile$/);
    await restarted.close();
  });
});
