import { checkPage } from './support/accessibility';
import { expect, test } from './support/fixtures';

const PUBLIC_PAGES = [
  { path: '/', name: 'home-guest', heading: 'Your account, kept safe' },
  { path: '/about', name: 'about', heading: 'About Latchkey' },
  { path: '/privacy', name: 'privacy', heading: 'Privacy' },
  { path: '/terms', name: 'terms', heading: 'Terms of use' },
  { path: '/no/such/page', name: 'not-found', heading: 'Page not found' },
  { path: '/forgot-password', name: 'forgot-password', heading: 'Forgot your password?' },
  { path: '/reset-password', name: 'reset-password', heading: 'Choose a new password' },
  { path: '/cancel-email-change?token=x', name: 'cancel-email-change', heading: 'Cancel the email change' },
];

test.describe('public pages', () => {
  for (const { path, name, heading } of PUBLIC_PAGES) {
    test(`${path} renders under the strict CSP, passes axe and fits a phone`, async ({ page }, testInfo) => {
      const response = await page.goto(path);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page).toHaveTitle(new RegExp(`· Latchkey$`));
      await checkPage(page, name, testInfo);

      await page.setViewportSize({ width: 360, height: 740 });
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, 'horizontal scrolling on a phone').toBeLessThanOrEqual(0);
      await checkPage(page, `${name}-phone`, testInfo);
    });
  }
});

test.describe('keyboard and consent', () => {
  test.use({ consent: null });

  test('the first Tab reaches the skip link, which jumps to the content', async ({ page }) => {
    await page.goto('/about');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
  });

  test('the cookie banner remembers "essential only" and reopens from the footer', async ({
    page,
  }, testInfo) => {
    await page.goto('/');
    const banner = page.getByRole('region', { name: 'Cookies' });
    await expect(banner).toBeVisible();
    await checkPage(page, 'cookie-banner', testInfo);
    await banner.getByRole('button', { name: 'Essential only' }).click();
    await expect(banner).toBeHidden();

    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(banner).toBeHidden();

    await page.getByRole('button', { name: 'Cookie settings' }).click();
    await expect(banner).toBeVisible();
    await expect(banner.getByRole('heading', { name: 'Cookies' })).toBeFocused();
    await banner.getByRole('button', { name: 'Allow all' }).click();
    expect(await page.evaluate("localStorage.getItem('latchkey.cookie-consent')")).toBe('all');
  });
});
