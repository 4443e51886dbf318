import type { Page } from '@playwright/test';
import { checkPage } from './support/accessibility';
import { expect, test, uniqueEmail } from './support/fixtures';
import { addVirtualAuthenticator } from './support/virtual-authenticator';

// A session counts as recently signed in for this long (RECENT_AUTH_WINDOW); the tests wait it out.
const RECENT_AUTH_SECONDS = 3;
// Browsers refuse an IP address as WebAuthn RP ID: this file's server and pages live on localhost.
test.use({ publicHost: 'localhost', apiEnv: { RECENT_AUTH_WINDOW: String(RECENT_AUTH_SECONDS) } });

/** Lets the sign-in grow old, as when someone left the tab open for a while. */
const waitOutTheWindow = (page: Page) => page.waitForTimeout(RECENT_AUTH_SECONDS * 1000 + 500);

async function openProfile(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
}

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
