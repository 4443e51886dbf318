import type { Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { checkPage } from './support/accessibility';
import { expect, test } from './support/fixtures';

/** A small PNG of random noise, as base64 for the page to turn back into a File. */
async function noisePngBase64(): Promise<string> {
  const png = await sharp(randomBytes(64 * 48 * 3), { raw: { width: 64, height: 48, channels: 3 } })
    .png()
    .toBuffer();
  return png.toString('base64');
}

/**
 * Drops a file on the upload page's drop zone as a browser does: dragenter, then drop, with a DataTransfer
 * holding the file (browser code as a string: the suite type-checks with Node's types only).
 */
async function dropFile(page: Page, fileName: string): Promise<void> {
  const base64 = JSON.stringify(await noisePngBase64());
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    const bytes = Uint8Array.from(atob(${base64}), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], ${JSON.stringify(fileName)}, { type: 'image/png' }));
    return transfer;
  })()`);
  const zone = page.locator('.drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await expect(zone).toHaveClass(/drop-zone--active/);
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(zone).not.toHaveClass(/drop-zone--active/);
}

const unique = () => randomBytes(3).toString('hex');

// A low upload limit, so the last test reaches it quickly; per address, so the API calls count too.
const UPLOADS_PER_HOUR = 4;
test.use({ apiEnv: { RATE_LIMIT_UPLOAD: `${UPLOADS_PER_HOUR}/1h` } });

test.describe('your images', () => {
  test('a file dropped on the upload page is previewed, named after the file, and uploaded', async ({
    signedInPage: { page },
  }, testInfo) => {
    await page.goto('/upload');
    const fileName = `dropped_tabby_${unique()}.png`;
    await dropFile(page, fileName);
    await expect(page.getByRole('img', { name: 'Preview of the chosen image' })).toBeVisible();
    await expect(page.getByText(fileName)).toBeVisible();
    const name = fileName.replace('.png', '').replace(/_/g, ' ');
    await expect(page.getByLabel('Name')).toHaveValue(name);
    await checkPage(page, 'upload-dropped', testInfo);

    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible({ timeout: 20_000 });
    await page.goto('/profile/images');
    await expect(page.getByRole('list', { name: 'Your images' }).getByRole('link', { name })).toBeVisible();
  });

  test('an owner renames an image from their uploads, then deletes it', async ({
    signedInPage: { page },
  }, testInfo) => {
    await page.goto('/upload');
    const first = `Cat to rename ${unique()}`;
    await dropFile(page, 'cat.png');
    await page.getByLabel('Name').fill(first);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: first })).toBeVisible({ timeout: 20_000 });

    await page.goto('/profile/images');
    const mine = page.getByRole('list', { name: 'Your images' });
    await mine.getByRole('link', { name: first }).click();
    const renamed = `Renamed cat ${unique()}`;
    await page.getByRole('textbox', { name: 'Name' }).fill(renamed);
    await page.getByRole('textbox', { name: 'Caption' }).fill('Now with a better name.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved the name and caption.')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();
    await page.goto('/profile/images');
    await expect(mine.getByRole('link', { name: renamed })).toBeVisible();
    await expect(mine.getByRole('link', { name: first })).toHaveCount(0);

    await mine.getByRole('link', { name: renamed }).click();
    await page.getByRole('button', { name: 'Delete image…' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete “${renamed}”?` });
    await expect(dialog).toBeVisible();
    await checkPage(page, 'image-delete-dialog', testInfo);
    // Keeping it closes the dialog and changes nothing; focus goes back to the button that opened it.
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Delete image…' })).toBeFocused();

    await page.getByRole('button', { name: 'Delete image…' }).click();
    await dialog.getByRole('button', { name: 'Delete image' }).click();
    await expect(page.getByText(`Deleted “${renamed}”.`)).toBeVisible();
    await expect(page).toHaveURL(/\/profile\/images$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Your uploads' })).toBeVisible();
    await expect(mine.getByRole('link', { name: renamed })).toHaveCount(0);
  });

  test('the upload page says the server refused for now, and how long to wait', async ({
    signedInPage: { page, account },
    server,
    request,
  }) => {
    // Use up what is left of this address's upload allowance, whichever tests ran before.
    const login = await server.api.client.post<{ accessToken: string }>('/auth/login', account);
    const png = Buffer.from(await noisePngBase64(), 'base64');
    let status = 0;
    for (let tries = 0; status !== 429 && tries <= UPLOADS_PER_HOUR; tries++) {
      const response = await request.post(`${server.api.baseUrl}/api/v1/images`, {
        headers: { authorization: `Bearer ${login.body.accessToken}` },
        multipart: { name: 'Filler', file: { name: 'cat.png', mimeType: 'image/png', buffer: png } },
      });
      status = response.status();
    }
    expect(status).toBe(429);

    await page.goto('/upload');
    await dropFile(page, 'one_too_many.png');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const error = page.locator('[data-form-error]');
    await expect(error).toContainText('Too many requests from your network');
    await expect(error).toContainText(/Try again in \d+ (minutes|hour)/);
    await expect(page).toHaveURL(/\/upload$/);
    await expect(page.getByLabel('Name')).toHaveValue('one too many');
  });
});
