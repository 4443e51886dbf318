import type { Page } from '@playwright/test';
import { checkPage } from './support/accessibility';
import { expect, test, uniqueEmail, type Account, type Server } from './support/fixtures';

interface Profile {
  email: string;
  nickname: string;
  emailConfirmed: boolean;
}

/** The account's own view through the API, from a session of its own, as the proof of what changed. */
async function apiSessionOf(server: Server, account: Account) {
  const login = await server.api.client.post<{ user: Profile; accessToken: string }>('/auth/login', account);
  expect(login.status).toBe(200);
  const token = login.body.accessToken;
  return {
    nickname: login.body.user.nickname,
    me: async () => (await server.api.client.get<Profile>('/users/me', { token })).body,
    post: (path: string, body: object) => server.api.client.post(path, body, { token }),
  };
}

/** Every request the page sends to the endpoint that spends the token. */
function confirmRequestsOf(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/auth/email/confirm') sent.push(request.url());
  });
  return sent;
}

test.describe('confirming an address takes a person pressing the button', () => {
  test('a sign-up link, opened by a mail scanner and then by its owner, confirms only on the press', async ({
    page,
    browser,
    server,
  }, testInfo) => {
    const account = await server.createAccount({ confirmed: false });
    const api = await apiSessionOf(server, account);
    const link = await server.confirmationLink(account.email);

    // A scanner that runs the page's scripts opens the link first and goes away.
    const scanner = await browser.newContext();
    const scanned = await scanner.newPage();
    await scanned.goto(link);
    await expect(scanned.getByRole('button', { name: 'Confirm my email address' })).toBeVisible();
    await scanner.close();
    expect((await api.me()).emailConfirmed).toBe(false);

    const confirms = confirmRequestsOf(page);
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1, name: 'Confirm your email address' })).toBeVisible();
    const main = page.getByRole('main');
    await expect(main).toContainText(
      `Confirm ${account.email} as the address of the account ${api.nickname}.`,
    );
    await expect(main.getByRole('heading', { level: 2, name: 'Did not sign up?' })).toBeVisible();
    await expect(main).toContainText('Do not press the button; just close this page.');
    await checkPage(page, 'confirm-email-signup', testInfo);
    expect(confirms).toEqual([]);
    expect((await api.me()).emailConfirmed).toBe(false);

    await page.getByRole('button', { name: 'Confirm my email address' }).click();

    await expect(
      page.getByRole('heading', { level: 1, name: 'Your email address is confirmed' }),
    ).toBeVisible();
    expect(confirms).toHaveLength(1);
    expect((await api.me()).emailConfirmed).toBe(true);
  });

  test('an email-change link shows the move to the new address and moves the account on the press', async ({
    page,
    server,
  }, testInfo) => {
    const account = await server.createAccount();
    const api = await apiSessionOf(server, account);
    const newEmail = uniqueEmail('moved');
    const request = await api.post('/users/me/email', { newEmail, currentPassword: account.password });
    expect(request.status).toBe(202);

    const confirms = confirmRequestsOf(page);
    await page.goto(await server.confirmationLink(newEmail));

    await expect(
      page.getByRole('heading', { level: 1, name: 'Move your account to a new address' }),
    ).toBeVisible();
    const main = page.getByRole('main');
    await expect(main).toContainText(`Move the account ${api.nickname} to ${newEmail}?`);
    await expect(main).not.toContainText(account.email); // the new mailbox does not learn the old address
    await expect(main.getByRole('heading', { level: 2, name: 'Did not ask for this?' })).toBeVisible();
    await checkPage(page, 'confirm-email-change', testInfo);
    expect(confirms).toEqual([]);
    expect((await api.me()).email).toBe(account.email);

    await page.getByRole('button', { name: 'Move my account to this address' }).click();

    await expect(
      page.getByRole('heading', { level: 1, name: 'Your email address is confirmed' }),
    ).toBeVisible();
    await expect(main).toContainText(`Your account now uses ${newEmail}`);
    expect((await api.me()).email).toBe(newEmail);
  });
});
