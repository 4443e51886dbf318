import type { Page } from '@playwright/test';
import { checkPage } from './support/accessibility';
import { type Account, expect, test } from './support/fixtures';
import { askForLink, signInMail } from './support/magic-links';
import { openProfile } from './support/recent-auth';
import { turnOnInProfile, turnOnThroughApi } from './support/two-step';

async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByText('You are logged out.')).toBeVisible();
}

/** The password half of a sign-in, up to the page that asks for the second step. */
async function logInWithPassword(page: Page, account: Account) {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step verification' })).toBeVisible();
  await expect(page).toHaveURL(/\/login\/two-step$/);
}

test('turn on two-step verification from the typed key, then sign in with a code and with a recovery code', async ({
  signedInPage: { page, account },
}, testInfo) => {
  await openProfile(page);
  const section = page.getByRole('region', { name: 'Two-step verification' });
  const { app, recoveryCodes } = await turnOnInProfile(page);
  await checkPage(page, 'two-step-recovery-codes', testInfo);
  await section.getByRole('button', { name: 'I saved them' }).click();
  await expect(section).toContainText('10 recovery codes left.');

  // Password alone is no longer enough: a wrong code says how many tries are left, the right one signs in.
  await logOut(page);
  await logInWithPassword(page, account);
  await checkPage(page, 'two-step-sign-in', testInfo);
  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'You have 4 more tries.' });
  await expect(refusal).toBeVisible();
  await page.getByLabel('Code from the app').fill(await app.nextCode());
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();

  // Without the phone: a recovery code, which then is spent.
  await logOut(page);
  await logInWithPassword(page, account);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
  await openProfile(page);
  await expect(section).toContainText('9 recovery codes left.');
});

test('the second step is kept in memory only: a reload sends the person back to log in', async ({
  page,
  server,
}) => {
  const account = await server.createAccount();
  await turnOnThroughApi(server, account);

  const answer = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login'));
  await logInWithPassword(page, account);
  const { mfaToken } = (await (await answer).json()) as { mfaToken: string };
  expect(mfaToken).toBeTruthy();
  expect(page.url()).not.toContain(mfaToken);
  expect(await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })')).not.toContain(
    mfaToken,
  );

  await page.reload();
  const notice = page.getByRole('status').filter({ hasText: 'This step comes after your password' });
  await notice.getByRole('link', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
});

test('a mailed sign-in link asks for the second step too', async ({ page, server }) => {
  const account = await server.createAccount();
  const app = await turnOnThroughApi(server, account);
  await askForLink(page, account.email);
  const { link } = await signInMail(server, account.email);

  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step verification' })).toBeVisible();
  await page.getByLabel('Code from the app').fill(await app.nextCode());
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
});
