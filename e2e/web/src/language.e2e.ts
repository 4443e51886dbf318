import { expectAccessible } from './support/accessibility';
import { expect, test } from './support/fixtures';

test.describe('the language switch', () => {
  test('a guest switches to German in the footer, and a reload keeps it', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');

    await expect(page.getByRole('heading', { level: 1, name: 'Ihr Konto, sicher aufbewahrt' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page).toHaveTitle('Startseite · Latchkey');
    await expectAccessible(page, 'home-guest-de', testInfo);
    // The longer German words still fit a phone.
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, 'horizontal scrolling on a phone').toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Ihr Konto, sicher aufbewahrt' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Sprache' })).toHaveValue('de');

    // Other pages, and what the API refuses, in German too.
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Anmelden' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
    await page.getByLabel('E-Mail-Adresse').fill('nobody-here@example.com');
    await page.getByLabel('Passwort', { exact: true }).fill('not the password at all');
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await expect(
      page.getByRole('alert').filter({ hasText: 'E-Mail-Adresse oder Passwort ist falsch.' }),
    ).toBeVisible();

    await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
    await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  test.describe('in a browser set to German', () => {
    test.use({ locale: 'de-DE' });

    test('a guest sees German without choosing', async ({ page }) => {
      await page.goto('/about');
      await expect(page.getByRole('heading', { level: 1, name: 'Über Latchkey' })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    });
  });

  test('a signed-in person’s choice follows the account to another browser', async ({
    browser,
    signedInPage: { page, account },
  }) => {
    const saved = page.waitForResponse(
      (response) => response.request().method() === 'PATCH' && response.url().endsWith('/api/v1/users/me'),
    );
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await expect(page.getByRole('heading', { level: 1, name: /^Willkommen, / })).toBeVisible();
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, 'horizontal scrolling on a phone, signed in').toBeLessThanOrEqual(0);
    expect((await saved).status()).toBe(200);

    // A fresh browser that has never chosen, and whose own language is English.
    const other = await browser.newContext({ locale: 'en-US' });
    try {
      const elsewhere = await other.newPage();
      const login = await elsewhere.request.post('/api/v1/auth/login', {
        data: { ...account, tokenDelivery: 'cookie' },
      });
      expect(login.status()).toBe(200);
      await elsewhere.goto('/about');
      await elsewhere.evaluate("localStorage.setItem('latchkey.session', '1')");
      await elsewhere.goto('/');
      await expect(elsewhere.getByRole('heading', { level: 1, name: /^Willkommen, / })).toBeVisible();
      await expect(elsewhere.locator('html')).toHaveAttribute('lang', 'de');
    } finally {
      await other.close();
    }
  });
});
