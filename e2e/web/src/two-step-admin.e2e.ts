import { checkPage } from './support/accessibility';
import { expect, test, uniqueEmail } from './support/fixtures';
import { turnOnInProfile, turnOnThroughApi } from './support/two-step';

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
  const notice = page.getByRole('alert').filter({ hasText: 'asks administrators for two-step verification' });
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
