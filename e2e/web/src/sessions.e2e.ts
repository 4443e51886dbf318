import type { Browser, Page } from '@playwright/test';
import { checkPage } from './support/accessibility';
import { expect, test, type Account } from './support/fixtures';

/** Signs in through the login form in a browser of its own (its own cookie jar): a second device. */
async function signInOnAnotherDevice(browser: Browser, baseURL: string, account: Account): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  await context.addInitScript({
    content: `localStorage.setItem('latchkey.cookie-consent', 'essential');`,
  });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
  return page;
}

test.describe('signed-in devices', () => {
  test('sign out another device from the profile; that device is signed out on its next request', async ({
    signedInPage: { page, account },
    browser,
    server,
  }, testInfo) => {
    const otherDevice = await signInOnAnotherDevice(browser, server.api.baseUrl, account);

    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('link', { name: 'Signed-in devices' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Signed-in devices' })).toBeVisible();
    const devices = page.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem');
    await expect(devices).toHaveCount(2);
    const thisDevice = devices.filter({ hasText: 'This device' });
    await expect(thisDevice).toHaveCount(1);
    await expect(thisDevice.getByRole('button', { name: 'Sign out this device' })).toBeVisible();
    await checkPage(page, 'sessions', testInfo);

    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, 'horizontal scrolling on a phone').toBeLessThanOrEqual(0);
    await checkPage(page, 'sessions-phone', testInfo);

    const other = devices.filter({ hasNotText: 'This device' });
    await expect(other).toContainText('IP address');
    await other.getByRole('button', { name: /^Sign out .+, last used / }).click();
    await expect(page.getByText(/^Signed out .+\.$/)).toBeVisible();
    await expect(devices).toHaveCount(1);

    // The other browser still shows its page; its next API call finds the session gone, and so does a reload.
    await otherDevice.getByRole('link', { name: 'Profile' }).click();
    await expect(otherDevice.getByText('Your session has ended. Please log in again.')).toBeVisible();
    await expect(otherDevice).toHaveURL(/\/login\?redirect=/);
    await otherDevice.reload();
    await expect(otherDevice.getByRole('navigation', { name: 'Main' })).toContainText('Log in');
    await otherDevice.context().close();

    // This device is still signed in.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Signed-in devices' })).toBeVisible();
  });

  test('signing out this device from the list logs out', async ({ signedInPage: { page } }) => {
    await page.goto('/profile/sessions');
    await page.getByRole('button', { name: 'Sign out this device' }).click();
    await expect(page.getByText('You are logged out.')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Your account, kept safe' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Log in');
  });
});
