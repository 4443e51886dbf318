import { checkPage } from './support/accessibility';
import { expect, test, uniqueEmail } from './support/fixtures';
import { openProfile, SHORT_RECENT_AUTH, waitOutTheWindow } from './support/recent-auth';

test.use({ apiEnv: SHORT_RECENT_AUTH });

test('a while after signing in, the email change and the deletion ask for the password in a dialog first', async ({
  signedInPage: { page, account },
}, testInfo) => {
  await openProfile(page);
  await waitOutTheWindow(page);
  const confirmDialog = page.getByRole('dialog', { name: 'Confirm it is you' });

  const newEmail = uniqueEmail('moved');
  await page.getByLabel('New email address').fill(newEmail);
  await page.getByRole('button', { name: 'Change email address' }).click();
  await expect(confirmDialog).toBeVisible();
  const password = confirmDialog.getByLabel('Password', { exact: true });
  await expect(password).toBeFocused();
  await checkPage(page, 'reauth-dialog', testInfo);

  await password.fill('not my password at all, sorry');
  await confirmDialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(confirmDialog.locator('#reauth-password-error')).toContainText('wrong');
  await expect(password).toBeFocused();
  await password.fill(account.password);
  await confirmDialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(confirmDialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Check your new inbox' })).toContainText(newEmail);

  await waitOutTheWindow(page);
  const opener = page.getByRole('button', { name: 'Delete my account…' });
  await opener.click();
  const deleteDialog = page.getByRole('dialog', { name: 'Delete your account for good?' });
  await deleteDialog.getByRole('button', { name: 'Delete my account' }).click();
  await expect(confirmDialog).toBeVisible();
  // Giving up changes nothing and says so.
  await page.keyboard.press('Escape');
  await expect(confirmDialog).toBeHidden();
  await expect(deleteDialog).toContainText('Nothing was changed');

  await deleteDialog.getByRole('button', { name: 'Delete my account' }).click();
  await confirmDialog.getByLabel('Password', { exact: true }).fill(account.password);
  await confirmDialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText('Your account is deleted')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account, kept safe' })).toBeVisible();
});

test('an account without a password confirms with a code from its mail', async ({
  signedInPage: { page, account },
  server,
}) => {
  // No sign-up without a password yet: the account loses its password in the database.
  await server.api.editDatabase((sql) =>
    sql('UPDATE users SET password_hash = NULL WHERE email = $1', [account.email]),
  );
  await page.reload();
  await openProfile(page);
  await waitOutTheWindow(page);
  const confirmDialog = page.getByRole('dialog', { name: 'Confirm it is you' });

  await page.getByLabel('New email address').fill(uniqueEmail('moved'));
  await page.getByRole('button', { name: 'Change email address' }).click();
  await expect(confirmDialog).toContainText(account.email);
  await confirmDialog.getByRole('button', { name: 'Email me a code' }).click();
  const mail = await server.sink.waitForMail({ to: account.email, subject: /confirmation code/i });
  const code = /^\s*(\d{6})\s*$/m.exec(mail.text)?.[1] ?? '';
  const codeField = confirmDialog.getByLabel('Code from the email');
  await expect(codeField).toBeFocused();
  await codeField.fill(code);
  await confirmDialog.getByRole('button', { name: 'Confirm' }).click();

  await expect(confirmDialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Check your new inbox' })).toBeVisible();
});
