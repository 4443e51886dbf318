import type { Page } from '@playwright/test';
import { checkPage } from './support/accessibility';
import { expect, signIn, test, uniqueEmail } from './support/fixtures';

async function expectNoSidewaysScrollingOnAPhone(page: Page) {
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow, 'horizontal scrolling on a phone').toBeLessThanOrEqual(0);
}

// A server of its own, with an address that may become an administrator.
const ADMIN_EMAIL = uniqueEmail('audit-admin');
test.use({ apiEnv: { ADMIN_EMAILS: ADMIN_EMAIL } });

test('the security activity lists the sign-in and a failed attempt; “This wasn’t me” leads to the devices', async ({
  page,
  server,
}, testInfo) => {
  const account = await server.createAccount();
  const wrong = await server.api.client.post('/auth/login', {
    email: account.email,
    password: 'not it at all',
  });
  expect(wrong.status).toBe(401);
  await signIn(page, account);

  await page.getByRole('link', { name: 'Profile' }).click();
  await page.getByRole('link', { name: 'Security activity' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Security activity' })).toBeVisible();
  const events = page.getByRole('list', { name: 'Security activity' }).getByRole('listitem');
  const signedIn = events.filter({
    has: page.getByRole('heading', { level: 2, name: 'Signed in with a password' }),
  });
  await expect(signedIn).toHaveCount(1);
  await expect(signedIn).toContainText(/Chrom(e|ium) on Linux/);
  await expect(signedIn.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
  await expect(events.getByRole('heading', { level: 2, name: 'Failed sign-in: wrong password' })).toHaveCount(
    1,
  );
  await expect(events.getByRole('heading', { level: 2, name: 'Account created' })).toHaveCount(1);
  await checkPage(page, 'activity', testInfo);
  await expectNoSidewaysScrollingOnAPhone(page);
  await checkPage(page, 'activity-phone', testInfo);

  const notMe = signedIn.getByRole('button', { name: "This wasn't me" });
  await notMe.focus();
  await page.keyboard.press('Enter');
  await expect(notMe).toHaveAttribute('aria-expanded', 'true');
  await expect(signedIn.getByRole('link', { name: 'Change your password' })).toBeVisible();
  await signedIn.getByRole('link', { name: 'Sign out the devices you do not recognise' }).click();
  await expect(page).toHaveURL(/\/profile\/sessions$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Signed-in devices' })).toBeVisible();
});

test('an admin filters the audit log by account; the filter lives in the URL', async ({
  page,
  server,
}, testInfo) => {
  const admin = await server.createAdmin(ADMIN_EMAIL);
  const person = await server.createAccount();
  const login = await server.api.client.post<{ user: { id: string; nickname: string } }>(
    '/auth/login',
    person,
  );
  expect(login.status).toBe(200);
  const { id, nickname } = login.body.user;
  await signIn(page, admin);

  await page.goto('/admin');
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Audit log' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const events = page.getByRole('list', { name: 'Audit log' }).getByRole('listitem');
  await expect(events.first()).toBeVisible();
  await page.getByLabel('Account id').fill(id);
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]userId=${id}`));
  await expect(events.filter({ hasNotText: nickname })).toHaveCount(0);
  await expect(events.filter({ hasText: 'Signed in with a password' })).toHaveCount(1);
  await checkPage(page, 'audit', testInfo);
  await expectNoSidewaysScrollingOnAPhone(page);
  await checkPage(page, 'audit-phone', testInfo);

  await page.reload();
  await expect(page.getByLabel('Account id')).toHaveValue(id);
  await expect(events.filter({ hasNotText: nickname })).toHaveCount(0);

  await page.getByLabel('Type').selectOption('account.signed_up');
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await expect(page).toHaveURL(/type=account\.signed_up/);
  await expect(events).toHaveCount(1);
  await page.goBack();
  await expect(page.getByLabel('Type')).toHaveValue('');
  await expect(events.filter({ hasText: 'Signed in with a password' })).toHaveCount(1);
});
