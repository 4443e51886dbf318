import type { Page } from '@playwright/test';
import { extractLink } from '../../api/src/support/smtp-sink';
import { checkPage } from './support/accessibility';
import { confirmThroughPage, expect, passphrase, test, uniqueEmail } from './support/fixtures';

async function logIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function openProfile(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
}

test.describe('account', () => {
  test('resend the confirmation link from the home banner, then confirm', async ({
    page,
    server,
  }, testInfo) => {
    const account = await server.createAccount({ confirmed: false });
    await logIn(page, account.email, account.password);
    await expect(page.getByRole('heading', { level: 1, name: 'Confirm your email address' })).toBeVisible();
    await server.confirmationLink(account.email); // the sign-up mail has arrived
    const earlier = server.sink.matching({ to: account.email });

    await page.getByRole('button', { name: 'Send the link again' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'We sent a new link' })).toContainText(
      account.email,
    );
    await checkPage(page, 'home-resent', testInfo);

    // The new mail replaces the sign-up one; its link is the one that works now.
    const resent = await server.sink.waitForMail({
      to: account.email,
      containing: '/confirm-email?token=',
      where: (mail) => !earlier.includes(mail),
    });
    const token = extractLink(resent, server.api.publicUrl, 'confirm-email');
    await confirmThroughPage(page, `/confirm-email?token=${encodeURIComponent(token)}`);
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
  });

  test('change the nickname, refused inline when taken, and draw a new avatar', async ({
    signedInPage: { page },
    server,
  }, testInfo) => {
    const other = await server.createAccount();
    const otherNickname = (await server.api.client.post<{ user: { nickname: string } }>('/auth/login', other))
      .body.user.nickname;
    await openProfile(page);
    await checkPage(page, 'profile-edit', testInfo);
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, 'horizontal scrolling on a phone').toBeLessThanOrEqual(0);
    await checkPage(page, 'profile-edit-phone', testInfo);

    const nickname = page.getByRole('textbox', { name: 'Nickname' });
    await nickname.fill(otherNickname);
    await page.getByRole('button', { name: 'Save nickname' }).click();
    await expect(nickname).toHaveAttribute('aria-invalid', 'true');
    await expect(nickname).toBeFocused();
    await expect(page.locator('#nickname-error')).toContainText('already taken');
    await checkPage(page, 'profile-nickname-taken', testInfo);

    const mine = `pw-${Date.now().toString(36)}`;
    await nickname.fill(mine);
    await page.getByRole('button', { name: 'Save nickname' }).click();
    await expect(page.getByText(`Your nickname is now ${mine}.`)).toBeVisible();
    await expect(page.locator('.details')).toContainText(mine);

    const avatar = page.locator('.profile-card img');
    const before = await avatar.getAttribute('src');
    await page.getByRole('button', { name: 'Draw a new avatar' }).click();
    await expect(page.getByText('Here is your new avatar.')).toBeVisible();
    await expect(avatar).not.toHaveAttribute('src', before ?? '');
  });

  test('change the password, then log in with the new one', async ({ signedInPage: { page, account } }) => {
    await openProfile(page);
    const newPassword = passphrase();
    await page.getByLabel('Current password').fill(account.password);
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('Your password is changed.')).toBeVisible();

    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page.getByText('You are logged out.')).toBeVisible();
    await logIn(page, account.email, account.password);
    await expect(
      page.getByRole('alert').filter({ hasText: 'The email address or password is wrong' }),
    ).toBeVisible();
    await logIn(page, account.email, newPassword);
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
  });

  test('change the email address and confirm it from the new inbox', async ({
    signedInPage: { page, account },
    server,
  }, testInfo) => {
    await openProfile(page);
    const newEmail = uniqueEmail('moved');
    // Just signed in: no password is asked for (reauth.e2e.ts shows the dialog after a while).
    await page.getByLabel('New email address').fill(newEmail);
    await page.getByRole('button', { name: 'Change email address' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Check your new inbox' })).toContainText(
      newEmail,
    );
    await checkPage(page, 'profile-email-sent', testInfo);
    await expect(page.locator('.details')).toContainText(account.email); // unchanged until confirmed

    await confirmThroughPage(page, await server.confirmationLink(newEmail));
    await openProfile(page);
    await expect(page.locator('.details')).toContainText(newEmail);
  });

  test('delete the account behind a confirming dialog; the login then fails', async ({
    signedInPage: { page, account },
  }, testInfo) => {
    await openProfile(page);
    const opener = page.getByRole('button', { name: 'Delete my account…' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Delete your account for good?' });
    await expect(dialog).toBeVisible();
    // The modal dialog takes focus, and the page behind it is inert.
    await expect(dialog.getByRole('button', { name: 'Delete my account' })).toBeFocused();
    await checkPage(page, 'profile-delete-dialog', testInfo);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();

    // Just signed in: no password is asked for (reauth.e2e.ts shows the dialog after a while).
    await opener.click();
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await expect(page.getByText('Your account is deleted')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Your account, kept safe' })).toBeVisible();

    await logIn(page, account.email, account.password);
    await expect(
      page.getByRole('alert').filter({ hasText: 'The email address or password is wrong' }),
    ).toBeVisible();
  });
});
