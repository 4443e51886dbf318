import { checkPage } from './support/accessibility';
import { confirmThroughPage, expect, passphrase, test, uniqueEmail } from './support/fixtures';

// A server of its own: new accounts wait for an admin, and this address may become one.
const ADMIN_EMAIL = uniqueEmail('admin');
test.use({ apiEnv: { REQUIRE_APPROVAL: 'true', ADMIN_EMAILS: ADMIN_EMAIL } });

test.describe('administration', () => {
  test('an admin approves a pending account, and its owner then has the product', async ({
    page,
    browser,
    server,
  }, testInfo) => {
    // The admin's account, confirmed and given its password through the mailed links.
    const admin = await server.createAdmin(ADMIN_EMAIL);

    // A new person signs up in the page, confirms through the mailed link and its button, and waits.
    const member = { email: uniqueEmail('member'), password: passphrase() };
    await page.goto('/signup');
    await page.getByLabel('Email address').fill(member.email);
    await page.getByLabel('Password', { exact: true }).fill(member.password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Confirm your email address' })).toBeVisible();
    await confirmThroughPage(page, await server.confirmationLink(member.email));
    await page.getByRole('link', { name: 'Continue to the home page' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Waiting for approval' })).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }),
    ).toHaveCount(0);

    // The admin, in a browser of their own, finds the account among those waiting and approves it.
    const adminContext = await browser.newContext({ baseURL: server.api.baseUrl });
    await adminContext.addInitScript({
      content: `localStorage.setItem('latchkey.cookie-consent', 'essential');`,
    });
    const adminPage = await adminContext.newPage();
    await adminPage.goto('/login');
    await adminPage.getByLabel('Email address').fill(admin.email);
    await adminPage.getByLabel('Password', { exact: true }).fill(admin.password);
    await adminPage.getByRole('button', { name: 'Log in' }).click();
    await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await expect(adminPage.getByRole('heading', { level: 1, name: 'Accounts' })).toBeVisible();
    await adminPage.getByLabel('State').selectOption({ label: 'Waiting for approval' });
    const table = adminPage.getByRole('table', { name: /^1 account/ });
    await expect(table.getByRole('rowheader')).toContainText(member.email);
    await checkPage(adminPage, 'admin', testInfo);
    await table.getByRole('button', { name: `Approve: ${member.email}` }).click();
    await expect(adminPage.getByText(`Approved ${member.email}.`)).toBeVisible();
    await expect(table.getByRole('row', { name: new RegExp(member.email) })).toContainText('Active');
    const approvalMail = await server.sink.waitForMail({ to: member.email, subject: /approved/ });
    expect(approvalMail).toBeTruthy();

    // The search box finds the admin by address.
    await adminPage.getByLabel('State').selectOption({ label: 'All accounts' });
    await adminPage.getByLabel('Email address or nickname').fill(admin.email.split('@')[0]);
    await adminPage.getByRole('button', { name: 'Search' }).click();
    await expect(adminPage.getByRole('table', { name: /^1 account/ }).getByRole('rowheader')).toContainText(
      `(you)`,
    );

    // The only admin cannot step down: the table says why.
    await adminPage.getByRole('button', { name: `Remove admin: ${admin.email}` }).click();
    const refusal = adminPage.getByRole('alert').filter({ hasText: 'last enabled administrator' });
    await expect(refusal).toBeVisible();
    await expect(refusal).toBeFocused();
    await checkPage(adminPage, 'admin-last-admin', testInfo);
    // On a phone the table scrolls inside its own box; the page itself does not scroll sideways.
    await adminPage.setViewportSize({ width: 360, height: 740 });
    const overflow = await adminPage.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, 'horizontal scrolling on a phone').toBeLessThanOrEqual(0);
    await checkPage(adminPage, 'admin-phone', testInfo);
    await adminContext.close();

    // The member reloads and has the product: the banner welcomes them, and the API lets them in.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
    // GET /images with this browser's own session: a fresh access token from its refresh cookie.
    const images = await page.evaluate(`(async () => {
      const refresh = await fetch('/api/v1/auth/refresh', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
      });
      const { accessToken } = await refresh.json();
      const response = await fetch('/api/v1/images', { headers: { authorization: 'Bearer ' + accessToken } });
      return response.status;
    })()`);
    expect(images).toBe(200);
  });
});
