import { extractLink } from '../../api/src/support/smtp-sink';
import { checkPage } from './support/accessibility';
import { expect, test, uniqueEmail } from './support/fixtures';

test.describe('cancel an email change from the notice to the old address', () => {
  test('the person opens the mail link, presses the button, and is sent to reset the password', async ({
    signedInPage: { page, account },
    server,
  }, testInfo) => {
    // Someone else, who knows the password, asks to move the account to their own address.
    const { client } = server.api;
    const intruder = await client.post<{ accessToken: string }>('/auth/login', account);
    expect(intruder.status).toBe(200);
    const intruderToken = intruder.body.accessToken;
    const newEmail = uniqueEmail('thief');
    const change = { newEmail, currentPassword: account.password };
    expect((await client.post('/users/me/email', change, { token: intruderToken })).status).toBe(202);
    const changeToken = new URL(await server.confirmationLink(newEmail)).searchParams.get('token');
    const notice = await server.sink.waitForMail({ to: account.email, containing: newEmail });
    const cancelToken = extractLink(notice, server.api.publicUrl, 'cancel-email-change');
    const cancelLink = `/cancel-email-change?token=${encodeURIComponent(cancelToken)}`;

    await page.goto(cancelLink);
    await expect(page.getByRole('heading', { level: 1, name: 'Cancel the email change' })).toBeVisible();
    await checkPage(page, 'cancel-email-change', testInfo);
    // Opening the page spent nothing: the intruder is still signed in.
    expect((await client.get('/users/me', { token: intruderToken })).status).toBe(200);

    await page.getByRole('button', { name: "This wasn't me: cancel the change" }).click();

    await expect(page.getByRole('status').filter({ hasText: 'The change is cancelled' })).toBeVisible();
    expect((await client.get('/users/me', { token: intruderToken })).status).toBe(401);
    expect((await client.post('/auth/email/confirm', { token: changeToken })).status).toBe(400);
    await checkPage(page, 'cancel-email-change-done', testInfo);
    await page.getByRole('link', { name: 'Reset your password' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeVisible();

    // The link worked once: opened again, it says so and still points to the reset.
    await page.goto(cancelLink);
    await page.getByRole('button', { name: "This wasn't me: cancel the change" }).click();
    await expect(
      page.getByRole('alert').filter({ hasText: 'invalid, already used or expired' }),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: 'reset your password' })).toBeVisible();
  });
});
