import { checkPage } from './support/accessibility';
import { expect, test } from './support/fixtures';
import { openProfile, SHORT_RECENT_AUTH, waitOutTheWindow } from './support/recent-auth';
import { turnOnThroughApi } from './support/two-step';

test.use({ apiEnv: SHORT_RECENT_AUTH });

test('a while after signing in, new recovery codes and turning off confirm with a code from the app', async ({
  signedInPage: { page, account },
  server,
}, testInfo) => {
  // Turned on through the API, as from another device; this tab's sign-in then grows old.
  const app = await turnOnThroughApi(server, account);
  await openProfile(page);
  const section = page.getByRole('region', { name: 'Two-step verification' });
  await expect(section).toContainText('10 recovery codes left.');
  const confirmDialog = page.getByRole('dialog', { name: 'Confirm it is you' });

  await waitOutTheWindow(page);
  page.once('dialog', (dialog) => void dialog.accept());
  await section.getByRole('button', { name: 'New recovery codes' }).click();
  await expect(confirmDialog).toBeVisible();
  await expect(confirmDialog.getByLabel('Password', { exact: true })).toBeVisible();
  await checkPage(page, 'reauth-dialog-totp', testInfo);
  await confirmDialog.getByLabel('Code from the app').fill(await app.nextCode());
  await confirmDialog.getByRole('button', { name: 'Confirm with the code' }).click();
  await expect(confirmDialog).toBeHidden();
  await expect(section.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await section.getByRole('button', { name: 'I saved them' }).click();

  await waitOutTheWindow(page);
  page.once('dialog', (dialog) => void dialog.accept());
  await section.getByRole('button', { name: 'Turn off' }).click();
  await expect(confirmDialog).toBeVisible();
  const codeField = confirmDialog.getByLabel('Code from the app');
  await codeField.fill('000000');
  await confirmDialog.getByRole('button', { name: 'Confirm with the code' }).click();
  await expect(codeField).toHaveAttribute('aria-invalid', 'true');
  await expect(codeField).toBeFocused();
  await codeField.fill(await app.nextCode());
  await confirmDialog.getByRole('button', { name: 'Confirm with the code' }).click();
  await expect(confirmDialog).toBeHidden();
  await expect(page.getByText('Two-step verification is off.')).toBeVisible();
  await expect(section.getByRole('button', { name: 'Turn on two-step verification' })).toBeVisible();
});
