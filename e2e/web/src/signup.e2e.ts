import { checkPage } from './support/accessibility';
import { confirmThroughPage, expect, test, uniqueEmail } from './support/fixtures';

test.describe('sign-up', () => {
  test('sign up with a suggested passphrase, confirm from the mail, and see the confirmed banner', async ({
    page,
    server,
  }, testInfo) => {
    const email = uniqueEmail('signup');
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign up' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible();
    await checkPage(page, 'signup', testInfo);

    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Suggest a passphrase' }).click();
    const password = page.getByLabel('Password', { exact: true });
    await expect(password).toHaveValue(/^\S+( \S+){4}$/);
    await expect(password).toHaveAttribute('type', 'text'); // shown, so it can be written down
    await expect(page.getByText(/Strength: (Strong|Very strong)/)).toBeVisible();
    await page.getByLabel('Nickname').fill(`pw-${Date.now().toString(36)}`);
    await page.getByRole('button', { name: 'Sign up' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Confirm your email address' })).toBeVisible();
    await expect(page.locator('.banner')).toContainText(email);
    await checkPage(page, 'home-unconfirmed', testInfo);

    await page.goto(await server.confirmationLink(email));
    await expect(page.getByRole('heading', { level: 1, name: 'Confirm your email address' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(email);
    await expect(page).toHaveURL(/\/confirm-email$/); // the token left the address bar
    await checkPage(page, 'confirm-email-ask', testInfo);
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Your email address is confirmed' }),
    ).toBeVisible();
    await checkPage(page, 'confirm-email-success', testInfo);

    await page.getByRole('link', { name: 'Continue to the home page' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, pw-/ })).toBeVisible();
    const avatar = page.locator('.banner img.avatar');
    await expect(avatar).toHaveJSProperty('complete', true);
    await expect(avatar).not.toHaveJSProperty('naturalWidth', 0); // the SVG tile loaded and decoded
    await checkPage(page, 'home-confirmed', testInfo);
  });

  test('the API’s field errors appear beside the fields, and nothing is created', async ({
    page,
    server,
  }, testInfo) => {
    const email = uniqueEmail('short');
    await page.goto('/signup');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('too short');
    await expect(page.getByText('Too short: 9 of at least 15 characters.')).toBeVisible();
    await page.getByRole('button', { name: 'Sign up' }).click();

    const password = page.getByLabel('Password', { exact: true });
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expect(password).toBeFocused();
    await expect(page.locator('#password-error')).toContainText('at least 15 characters');
    await expect(page.locator('.form-error')).toHaveText('The password cannot be used.');
    await checkPage(page, 'signup-errors', testInfo);
    await server.sink.waitForQuiet(500);
    expect(server.sink.matching({ to: email })).toHaveLength(0);
  });

  test('a used or broken confirmation link says so', async ({ page, server }, testInfo) => {
    const account = await server.createAccount({ confirmed: false });
    const link = await server.confirmationLink(account.email);
    await confirmThroughPage(page, link);
    await expect(page.getByRole('link', { name: 'Log in' }).last()).toBeVisible(); // not signed in here

    await page.goto(link);
    await expect(
      page.getByRole('heading', { level: 1, name: 'We could not confirm your email address' }),
    ).toBeVisible();
    await checkPage(page, 'confirm-email-failure', testInfo);
  });
});
