import { expect, test } from './support/fixtures';

// On the default server (no approval step), so the account is confirmed and active, just not an admin.
test('someone who is not an admin is kept away from /admin', async ({ signedInPage: { page } }) => {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Profile' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Admin' })).toHaveCount(0);

  await page.goto('/admin');
  await expect(page.getByText('That page is for administrators.')).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toHaveCount(0);
});
