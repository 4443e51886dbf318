import type { Page } from '@playwright/test';
import { AuthenticatorApp, enrolTotp } from '../../api/src/support/mfa-flows';
import { checkPage } from './support/accessibility';
import { type Account, expect, type Server, test, uniqueEmail } from './support/fixtures';
import { openProfile } from './support/recent-auth';

/** Turns two-step verification on as the profile section does (start, confirm with a first code). */
async function turnOnThroughApi(server: Server, account: Account): Promise<AuthenticatorApp> {
  const login = await server.api.client.post<{ accessToken: string }>('/auth/login', account);
  return (await enrolTotp(server.api, login.body.accessToken)).authenticator;
}

/** The set-up in the profile's section, from the key typed off the page; the recovery codes it shows. */
async function turnOnInProfile(page: Page): Promise<{ app: AuthenticatorApp; recoveryCodes: string[] }> {
  const section = page.getByRole('region', { name: 'Two-step verification' });
  await section.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await expect(section.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const typedKey = (await section.locator('#totp-secret').textContent()) ?? '';
  const app = new AuthenticatorApp(typedKey.replace(/\s/g, ''));
  await section.getByLabel('Code from the app').fill(await app.nextCode());
  await section.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByText('Two-step verification is on')).toBeVisible();
  const codes = section.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  return { app, recoveryCodes: (await codes.allTextContents()).map((code) => code.trim()) };
}

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
  await expect(page.getByLabel('Code from the app')).toBeFocused();
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

test.describe('administrators', () => {
  // A server of its own that wants a second factor from administrators, and this address may become one.
  const ADMIN_EMAIL = uniqueEmail('admin');
  test.use({ apiEnv: { ADMIN_EMAILS: ADMIN_EMAIL, ADMIN_MFA_REQUIRED: 'true' } });

  test('an admin sets up two-step verification when asked, then resets it for someone who lost their phone', async ({
    page,
    server,
  }, testInfo) => {
    const admin = await server.createAdmin(ADMIN_EMAIL);
    const member = await server.createAccount();
    await turnOnThroughApi(server, member);

    await page.goto('/login');
    await page.getByLabel('Email address').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    const notice = page
      .getByRole('alert')
      .filter({ hasText: 'asks administrators for two-step verification' });
    await expect(notice).toBeVisible();
    await checkPage(page, 'admin-mfa-enrolment-required', testInfo);

    await notice.getByRole('link', { name: 'Turn on two-step verification' }).click();
    await turnOnInProfile(page);
    const section = page.getByRole('region', { name: 'Two-step verification' });
    await section.getByRole('button', { name: 'I saved them' }).click();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.getByLabel('Email address or nickname').fill(member.email);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page
      .getByRole('table', { name: /^1 account/ })
      .getByRole('row', { name: new RegExp(member.email) });
    const reset = row.getByRole('button', { name: `Reset two-step verification: ${member.email}` });
    page.once('dialog', (dialog) => void dialog.accept());
    await reset.click();
    await expect(page.getByText(`Two-step verification is off for ${member.email}`)).toBeVisible();
    await expect(reset).toHaveCount(0);

    // The member's password alone signs in again.
    const login = await server.api.client.post<{ accessToken?: string }>('/auth/login', member);
    expect(login.body.accessToken).toBeTruthy();
  });
});
