import type { Page } from '@playwright/test';
import { extractLink } from '../../api/src/support/smtp-sink';
import { checkPage } from './support/accessibility';
import { expect, passphrase, test, type Account, type Server } from './support/fixtures';

/** From the login page, asks for the reset mail the way a person who forgot their password would. */
async function askForResetMail(page: Page, account: Account, testInfo: Parameters<typeof checkPage>[2]) {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeVisible();
  await checkPage(page, 'forgot-password', testInfo);
  await page.getByLabel('Email address').fill(account.email);
  await page.getByRole('button', { name: 'Send the mail' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'If an account exists for' })).toContainText(
    account.email,
  );
  await checkPage(page, 'forgot-password-sent', testInfo);
}

function resetMail(server: Server, account: Account) {
  return server.sink.waitForMail({ to: account.email, containing: '/reset-password?token=' });
}

async function logIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test.describe('forgot password', () => {
  test('an unknown address gets the same answer as a known one', async ({ page }) => {
    await page.goto('/forgot-password');
    await page.getByLabel('Email address').fill('nobody-here@example.com');
    await page.getByRole('button', { name: 'Send the mail' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'If an account exists' })).toContainText(
      'nobody-here@example.com',
    );
  });

  test('reset with the mailed link, then log in with the new password', async ({
    page,
    server,
  }, testInfo) => {
    const account = await server.createAccount();
    await askForResetMail(page, account, testInfo);
    const token = extractLink(await resetMail(server, account), server.api.publicUrl, 'reset-password');

    await page.goto(`/reset-password?token=${encodeURIComponent(token)}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
    await expect(page.getByLabel('Code from the mail')).toHaveCount(0); // the link carries the proof
    await checkPage(page, 'reset-password', testInfo);
    const newPassword = passphrase();
    await page.getByLabel('New password').fill(newPassword);
    await expect(page.getByText(/Strength: /)).toBeVisible();
    await page.getByRole('button', { name: 'Change the password' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your password is changed' })).toBeVisible();

    await page.getByRole('link', { name: 'Log in with the new password' }).click();
    await logIn(page, account.email, account.password);
    await expect(
      page.getByRole('alert').filter({ hasText: 'The email address or password is wrong' }),
    ).toBeVisible();
    await logIn(page, account.email, newPassword);
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
  });

  test('reset with the code from the mail on another device', async ({ page, server }, testInfo) => {
    const account = await server.createAccount();
    await askForResetMail(page, account, testInfo);
    const code = /^\s+(\d{6})\s*$/m.exec((await resetMail(server, account)).text)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    await page.getByRole('link', { name: 'I have a code' }).click();
    await expect(page).toHaveURL(/\/reset-password$/);
    await checkPage(page, 'reset-password-code', testInfo);
    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Code from the mail').fill('000000' === code ? '111111' : '000000');
    const newPassword = passphrase();
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Change the password' }).click();
    await expect(page.locator('[data-form-error], .field__error').first()).toBeVisible(); // a wrong code is refused

    await page.getByLabel('Code from the mail').fill(code!);
    await page.getByRole('button', { name: 'Change the password' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your password is changed' })).toBeVisible();
    await page.getByRole('link', { name: 'Log in with the new password' }).click();
    await logIn(page, account.email, newPassword);
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
  });
});
