import type { Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { checkPage } from './support/accessibility';
import { expect, signIn, test, uniqueEmail, type Server } from './support/fixtures';

// A server of its own, with an address that may become an administrator.
const ADMIN_EMAIL = uniqueEmail('images-admin');
test.use({ apiEnv: { ADMIN_EMAILS: ADMIN_EMAIL } });

interface Listed {
  id: string;
  name: string;
}

/** The admin's token, and the API calls the test sets the scene with. */
async function adminApi(server: Server, password: string) {
  const login = await server.api.client.post<{ accessToken: string }>('/auth/login', {
    email: ADMIN_EMAIL,
    password,
  });
  const token = login.body.accessToken;
  return {
    async upload(name: string): Promise<Listed> {
      const png = await sharp(randomBytes(32 * 24 * 3), { raw: { width: 32, height: 24, channels: 3 } })
        .png()
        .toBuffer();
      const form = new FormData();
      form.append('name', name);
      form.append('file', new Blob([png], { type: 'image/png' }), 'cat.png');
      const response = await server.api.client.post<Listed>('/images', undefined, { token, form });
      expect(response.status).toBe(201);
      return response.body;
    },
    async takeOffAir(id: string): Promise<void> {
      expect((await server.api.client.patch(`/images/${id}`, { onAir: false }, { token })).status).toBe(200);
    },
    /** Every image's id in the gallery's order. */
    async order(): Promise<string[]> {
      const page = await server.api.client.get<{ items: Listed[] }>('/admin/images?pageSize=100', { token });
      return page.body.items.map(({ id }) => id);
    },
  };
}

const rowNames = (page: Page) =>
  page
    .getByRole('list', { name: 'Images, in the gallery’s order' })
    .getByRole('listitem')
    .getByRole('link')
    .allTextContents();

test('the admin image filters live in the URL, and a filtered page is reordered in place', async ({
  page,
  server,
}, testInfo) => {
  const admin = await server.createAdmin(ADMIN_EMAIL);
  const api = await adminApi(server, admin.password);
  const tag = randomBytes(3).toString('hex');
  const offAir: Listed[] = [];
  for (const label of ['A', 'B', 'C']) {
    const image = await api.upload(`Off-air ${label} ${tag}`);
    await api.takeOffAir(image.id);
    offAir.push(image);
  }
  await signIn(page, admin);

  // An invalid value is ignored: every image, and the select says so.
  await page.goto('/admin/images?onAir=maybe');
  const onAirSelect = page.getByLabel('On air', { exact: true });
  await expect(onAirSelect).toHaveValue('');
  await expect.poll(async () => (await rowNames(page)).length).toBeGreaterThan(offAir.length);

  await onAirSelect.selectOption({ label: 'Off air' });
  await expect(page).toHaveURL(/[?&]onAir=false(&|$)/);
  await expect(page).not.toHaveURL(/maybe/);
  // Newest first among equal sequence numbers.
  const shown = [...offAir].reverse().map(({ name }) => name);
  await expect.poll(() => rowNames(page)).toEqual(shown);

  await page.reload();
  await expect(onAirSelect).toHaveValue('false');
  await expect.poll(() => rowNames(page)).toEqual(shown);

  await page.goBack();
  await expect(onAirSelect).toHaveValue('');
  await expect.poll(async () => (await rowNames(page)).length).toBeGreaterThan(offAir.length);
  await page.goForward();
  await expect(onAirSelect).toHaveValue('false');
  await expect.poll(() => rowNames(page)).toEqual(shown);

  // Reordering is offered on the filtered page: drag the last row onto the first.
  const before = await api.order();
  const rows = page.getByRole('list', { name: 'Images, in the gallery’s order' }).getByRole('listitem');
  await rows.nth(2).dragTo(rows.nth(0));
  const reordered = [shown[2], shown[0], shown[1]];
  await expect.poll(() => rowNames(page)).toEqual(reordered);
  await checkPage(page, 'admin-images-filtered-reorder', testInfo);
  await page.getByRole('button', { name: 'Save the order' }).click();
  await expect(page.getByText('The gallery’s order is saved.')).toBeVisible();

  await page.reload();
  await expect.poll(() => rowNames(page)).toEqual(reordered);
  // Every image the filtered page did not show kept its place in the whole gallery.
  const after = await api.order();
  const ids = new Set(offAir.map(({ id }) => id));
  expect(after.filter((id) => !ids.has(id))).toEqual(before.filter((id) => !ids.has(id)));
  expect(after.map((id, index) => (ids.has(id) ? 'x' : index))).toEqual(
    before.map((id, index) => (ids.has(id) ? 'x' : index)),
  );
});
