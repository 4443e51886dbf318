import { checkPage } from './support/accessibility';
import { expect, test } from './support/fixtures';
import { addVirtualAuthenticator } from './support/virtual-authenticator';

// Browsers refuse an IP address as WebAuthn RP ID: this file's server and pages live on localhost.
test.use({ publicHost: 'localhost' });

test.describe('passkeys', () => {
  test('add a passkey in the profile, sign out, sign in with it, then remove it', async ({
    signedInPage: { page },
  }, testInfo) => {
    await addVirtualAuthenticator(page);

    await page.getByRole('link', { name: 'Profile' }).click();
    const section = page.getByRole('region', { name: 'Passkeys' });
    await expect(section).toContainText('You have no passkeys yet.');
    await section.getByLabel('Name (optional)').fill('Test laptop');
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(page.getByText('Your passkey is ready')).toBeVisible();
    const passkeys = section.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem');
    await expect(passkeys).toHaveCount(1);
    await expect(passkeys.first()).toContainText('Test laptop');
    await expect(passkeys.first()).toContainText('Not yet');
    await checkPage(page, 'profile-passkeys', testInfo);

    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Log in');
    // The login page's autofill request signs in with it, the authenticator answering at once (the
    // button's own way: passkey-autofill.e2e.ts).
    await page.goto('/login');
    await expect(page.getByText(/^Welcome back, /)).toBeVisible();

    await page.getByRole('link', { name: 'Profile' }).click();
    await expect(passkeys.first()).not.toContainText('Not yet');
    page.once('dialog', (dialog) => void dialog.accept());
    await passkeys.first().getByRole('button', { name: 'Remove Test laptop' }).click();
    await expect(page.getByText('Removed “Test laptop”.')).toBeVisible();
    await expect(section).toContainText('You have no passkeys yet.');
  });
});
