import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { checkPage } from './support/accessibility';
import { expect, signIn, test, uniqueEmail, type Account, type Server } from './support/fixtures';

// A server of its own, with an address that may become an administrator.
const ADMIN_EMAIL = uniqueEmail('gallery-admin');
test.use({ apiEnv: { ADMIN_EMAILS: ADMIN_EMAIL } });

const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
const admins = new Map<string, Promise<Account>>();

/** The administrator of this server, made the first time a test asks. */
function adminOf(server: Server): Promise<Account> {
  let admin = admins.get(server.api.baseUrl);
  if (!admin) {
    admin = server.createAdmin(ADMIN_EMAIL);
    admins.set(server.api.baseUrl, admin);
  }
  return admin;
}

/** Another person, in a browser of their own, signed in and on the home page. */
async function browserOf(browser: Browser, server: Server, account: Account): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.api.baseUrl });
  await context.addInitScript({ content: `localStorage.setItem('latchkey.cookie-consent', 'essential');` });
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

/** A PNG of random noise (which does not compress), about `width × height × 3` bytes. */
function noisePng(width: number, height: number): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** Uploads through the API, as the account's own client would. */
async function uploadThroughApi(request: APIRequestContext, server: Server, owner: Account, name: string) {
  const login = await server.api.client.post<{ accessToken: string }>('/auth/login', owner);
  const response = await request.post(`${server.api.baseUrl}/api/v1/images`, {
    headers: { authorization: `Bearer ${login.body.accessToken}` },
    multipart: {
      name,
      caption: 'Uploaded for the moderation test.',
      file: { name: 'cat.png', mimeType: 'image/png', buffer: await noisePng(64, 48) },
    },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; name: string };
}

/** The <img> has been fetched and decoded: its signed URL worked. */
async function expectLoaded(image: ReturnType<Page['locator']>) {
  await expect(image).toHaveJSProperty('complete', true);
  await expect
    .poll(() => image.evaluate((img) => (img as { naturalWidth?: number }).naturalWidth))
    .toBeGreaterThan(0);
}

async function expectNoSidewaysScrolling(page: Page) {
  const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow, 'horizontal scrolling on a phone').toBeLessThanOrEqual(0);
}

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

test.describe('gallery', () => {
  test('a guest sees the home images as thumbnails with captions', async ({ page }, testInfo) => {
    await page.goto('/');
    const featured = page.getByRole('list', { name: 'Featured images' });
    const tabby = featured.getByRole('img', { name: 'Tabby on a windowsill' });
    await expect(tabby).toBeVisible();
    await expectLoaded(tabby);
    expect(await featured.getByRole('listitem').count()).toBeGreaterThan(1);
    await expect(mainNav(page).getByRole('link', { name: 'Gallery' })).toHaveCount(0);
    await checkPage(page, 'home-images', testInfo);
    await page.setViewportSize({ width: 360, height: 740 });
    await expectNoSidewaysScrolling(page);
    await checkPage(page, 'home-images-phone', testInfo);
  });

  test('a confirmed user uploads an image with a progress bar, then finds it in the gallery', async ({
    signedInPage: { page },
  }, testInfo) => {
    await mainNav(page).getByRole('link', { name: 'Upload' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Upload an image' })).toBeVisible();
    await page.getByLabel('Image file').setInputFiles({
      name: 'sleepy_tabby.png',
      mimeType: 'image/png',
      buffer: await noisePng(400, 300),
    });
    await expectLoaded(page.getByRole('img', { name: 'Preview of the chosen image' }));
    await expect(page.getByLabel('Name')).toHaveValue('sleepy tabby');
    const name = `Sleepy tabby ${randomBytes(3).toString('hex')}`;
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Caption').fill('Asleep on the radiator.');
    await checkPage(page, 'upload', testInfo);

    // A slow uplink, so the progress bar has time to show what XMLHttpRequest reports.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 200 * 1024,
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.getByRole('progressbar')).toBeVisible();

    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible({ timeout: 20_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await expect(page.getByText(`Uploaded “${name}”.`)).toBeVisible();
    await expectLoaded(page.getByRole('img', { name }));
    await expect(page.getByText('Asleep on the radiator.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Delete image…' })).toBeVisible();
    await checkPage(page, 'image', testInfo);

    await mainNav(page).getByRole('link', { name: 'Gallery' }).click();
    const gallery = page.getByRole('list', { name: 'Images in the gallery' });
    const thumbnail = gallery.getByRole('link', { name });
    await expect(thumbnail).toBeVisible();
    await expectLoaded(thumbnail.getByRole('img'));
    await checkPage(page, 'gallery', testInfo);
    await page.setViewportSize({ width: 360, height: 740 });
    await expectNoSidewaysScrolling(page);
    await checkPage(page, 'gallery-phone', testInfo);
    await thumbnail.click();
    await expect(page).toHaveURL(/\/images\/[0-9a-f-]{36}$/);
  });

  test('the upload page refuses a too-large file and a non-image before sending, and explains the API refusing one', async ({
    signedInPage: { page },
  }, testInfo) => {
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/images'))
        uploads.push(request.url());
    });
    await page.goto('/upload');
    const file = page.getByLabel('Image file');
    await file.setInputFiles({
      name: 'huge.png',
      mimeType: 'image/png',
      buffer: Buffer.alloc(MAX_UPLOAD_BYTES + 1),
    });
    await expect(page.locator('#file-error')).toContainText(
      '“huge.png” is 5.0 MB; images may be at most 5 MB',
    );
    await expect(file).toHaveAttribute('aria-invalid', 'true');
    await expect(file).toBeFocused();
    await checkPage(page, 'upload-too-large', testInfo);

    await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('meow') });
    await expect(page.locator('#file-error')).toContainText('“notes.txt” is not a JPEG, PNG or WebP image');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.locator('#file-error')).toHaveText('Choose an image to upload.');
    expect(uploads).toEqual([]);

    // A file that only claims to be a PNG passes here; the API judges the content, and the page says why.
    await file.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not a png') });
    await expect(page.getByText('this browser cannot show it')).toBeVisible();
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.locator('[data-form-error]')).toContainText('not a JPEG, PNG or WebP image');
    expect(uploads).toHaveLength(1);
  });

  test('an admin takes an image off air, and other people no longer see it', async ({
    page,
    browser,
    request,
    server,
  }, testInfo) => {
    const [owner, viewer, admin] = [
      await server.createAccount(),
      await server.createAccount(),
      await adminOf(server),
    ];
    const name = `Moderated cat ${randomBytes(3).toString('hex')}`;
    const image = await uploadThroughApi(request, server, owner, name);

    await signIn(page, viewer);
    await page.goto('/gallery');
    await expect(page.getByRole('link', { name })).toBeVisible();

    const adminPage = await browserOf(browser, server, admin);
    await mainNav(adminPage).getByRole('link', { name: 'Admin' }).click();
    await adminPage
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Images' })
      .click();
    await expect(adminPage.getByRole('heading', { level: 1, name: 'Images' })).toBeVisible();
    const onAir = adminPage.getByRole('checkbox', { name: `On air: ${name}` });
    await expect(onAir).toBeChecked();
    await checkPage(adminPage, 'admin-images', testInfo);
    await onAir.uncheck();
    await expect(adminPage.getByText(`“${name}” is off air.`)).toBeVisible();
    await adminPage.getByLabel('On air', { exact: true }).selectOption({ label: 'Off air' });
    await expect(adminPage.getByRole('link', { name })).toBeVisible();
    await adminPage.setViewportSize({ width: 360, height: 740 });
    await expectNoSidewaysScrolling(adminPage);
    await checkPage(adminPage, 'admin-images-phone', testInfo);
    await adminPage.context().close();

    // The other person's gallery no longer has it, nor does its page open for them.
    await page.reload();
    await expect(page.getByRole('list', { name: 'Images in the gallery' })).toBeVisible();
    await expect(page.getByRole('link', { name })).toHaveCount(0);
    await page.goto(`/images/${image.id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Image not found' })).toBeVisible();

    // Its owner still sees it among their uploads, marked off air.
    const ownerPage = await browserOf(browser, server, owner);
    await ownerPage.goto('/profile/images');
    const mine = ownerPage.getByRole('listitem').filter({ hasText: name });
    await expect(mine).toContainText('Off air');
    await ownerPage.context().close();
  });

  test('an admin reorders the gallery with the move buttons', async ({ browser, server }) => {
    const adminPage = await browserOf(browser, server, await adminOf(server));
    await adminPage.goto('/admin/images');
    const rows = adminPage
      .getByRole('list', { name: 'Images, in the gallery’s order' })
      .getByRole('listitem');
    await expect(rows.first()).toBeVisible();
    const second = (await rows.nth(1).getByRole('link').textContent())!.trim();
    const moveUp = adminPage.getByRole('button', { name: `Move up: ${second}` });
    await moveUp.click();
    await expect(adminPage.getByRole('button', { name: `Move down: ${second}` })).toBeFocused();
    await expect(rows.first().getByRole('link')).toHaveText(second);
    await adminPage.getByRole('button', { name: 'Save the order' }).click();
    await expect(adminPage.getByText('The gallery’s order is saved.')).toBeVisible();

    await adminPage.goto('/gallery');
    const gallery = adminPage.getByRole('list', { name: 'Images in the gallery' });
    await expect(gallery.getByRole('listitem').first()).toContainText(second);
    await adminPage.context().close();
  });
});
