import { checkPage } from './support/accessibility';
import { expect, test, uniqueEmail } from './support/fixtures';
import { openProfile, SHORT_RECENT_AUTH, waitOutTheWindow } from './support/recent-auth';
import { addVirtualAuthenticator } from './support/virtual-authenticator';

// Browsers refuse an IP address as WebAuthn RP ID: this file's server and pages live on localhost.
test.use({ publicHost: 'localhost', apiEnv: SHORT_RECENT_AUTH });

test('a while after signing in, the email change and removing a passkey confirm with the passkey', async ({
  signedInPage: { page, account },
}, testInfo) => {
  await addVirtualAuthenticator(page);
  await openProfile(page);
  await waitOutTheWindow(page);
  const confirmDialog = page.getByRole('dialog', { name: 'Confirm it is you' });

  // Without a passkey yet, adding one asks for the password first.
  const section = page.getByRole('region', { name: 'Passkeys' });
  await section.getByLabel('Name (optional)').fill('Test laptop');
  await section.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(confirmDialog).toBeVisible();
  await expect(confirmDialog.getByRole('button', { name: 'Use a passkey' })).toHaveCount(0);
  await confirmDialog.getByLabel('Password', { exact: true }).fill(account.password);
  await confirmDialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(confirmDialog).toBeHidden();
  await expect(page.getByText('Your passkey is ready')).toBeVisible();
  const passkeys = section.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem');
  await expect(passkeys).toHaveCount(1);
  await waitOutTheWindow(page);

  const newEmail = uniqueEmail('moved');
  await page.getByLabel('New email address').fill(newEmail);
  await page.getByRole('button', { name: 'Change email address' }).click();
  await expect(confirmDialog).toBeVisible();
  await expect(confirmDialog.getByLabel('Password', { exact: true })).toBeVisible();
  await checkPage(page, 'reauth-dialog-passkey', testInfo);
  await confirmDialog.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(confirmDialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Check your new inbox' })).toContainText(newEmail);

  await waitOutTheWindow(page);
  page.once('dialog', (dialog) => void dialog.accept());
  await passkeys.first().getByRole('button', { name: 'Remove Test laptop' }).click();
  await expect(confirmDialog).toBeVisible();
  await confirmDialog.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(confirmDialog).toBeHidden();
  await expect(page.getByText('Removed “Test laptop”.')).toBeVisible();
  await expect(section).toContainText('You have no passkeys yet.');
});
