import { checkPage } from './support/accessibility';
import { expect, test, uniqueEmail } from './support/fixtures';
import { askForLink, signInMail } from './support/magic-links';

test.describe('magic links', () => {
  test('a link opened in the browser that asked signs in on a button press', async ({
    page,
    server,
  }, testInfo) => {
    const account = await server.createAccount();
    await askForLink(page, account.email);
    await checkPage(page, 'magic-link-sent', testInfo);
    const { link } = await signInMail(server, account.email);

    await page.goto(link);
    await expect(page).toHaveURL(/\/magic-link$/); // the token left the address bar
    await expect(page.getByRole('main')).toContainText(account.email);
    await checkPage(page, 'magic-link', testInfo);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // This browser can make passkeys and the account has none: the offer comes first (passkey-offer.e2e.ts).
    await page.getByRole('button', { name: 'Not now' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();

    // Spent: opened again (after signing out), the link is refused with a way to ask again.
    await page.getByRole('button', { name: 'Log out' }).click();
    await askForLink(page, account.email); // a new verifier here, so the page offers the button again
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText('invalid, already used or expired');
    await expect(page.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
  });

  test('the code typed where the link was asked for, read on "another device"; the link elsewhere explains', async ({
    page,
    browser,
    server,
  }, testInfo) => {
    const account = await server.createAccount();
    await askForLink(page, account.email);
    const { link, code } = await signInMail(server, account.email);

    // The mail is read on another device: its link opens in a browser that did not ask.
    const elsewhere = await browser.newContext();
    try {
      const other = await elsewhere.newPage();
      await other.goto(link);
      await expect(other.getByRole('main').getByRole('status')).toContainText(
        'another browser or on another device',
      );
      await expect(other.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
      await checkPage(other, 'magic-link-elsewhere', testInfo);
    } finally {
      await elsewhere.close();
    }

    // So the code from the mail is typed here, in the browser that asked.
    await page.getByLabel('Code from the mail').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refusal = page.getByRole('main').getByRole('alert');
    await expect(refusal).toContainText('invalid, already used or expired');
    await expect(refusal).toBeFocused();
    await page.getByLabel('Code from the mail').fill(code!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // As after a link, the passkey offer comes first (passkey-offer.e2e.ts).
    await page.getByRole('button', { name: 'Not now' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
  });

  test('sign up without a password, then confirm and sign in from the mail', async ({
    page,
    server,
  }, testInfo) => {
    const email = uniqueEmail('nopass');
    await page.goto('/signup');
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('radio', { name: /Without a password/ }).check();
    await expect(page.getByLabel('Password', { exact: true })).toHaveCount(0);
    await checkPage(page, 'signup-without-password', testInfo);
    await page.getByRole('button', { name: 'Sign up' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Check your mail' })).toBeVisible();
    await expect(page.getByRole('main').getByRole('status')).toContainText(
      'to confirm your address and sign in',
    );
    const { link } = await signInMail(server, email);
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Not now' }).click();

    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
    await page.goto('/gallery'); // open to confirmed accounts only
    await expect(page.getByRole('heading', { level: 1, name: 'Gallery' })).toBeVisible();
  });
});
