import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moved } from '../composables/useAdminImages';
import { i18n } from '../i18n';
import { fakeApi, image, imagePage, problem, profile, restoredSession } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import AdminImagesView from './AdminImagesView.vue';

const LIST = 'GET /api/v1/admin/images';
const ORDER = 'PUT /api/v1/admin/images/order';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

async function moderationPage(images = [image(), image(), image()]) {
  const api = fakeApi({
    ...restoredSession(profile({ role: 'admin' })),
    [LIST]: () => ({ status: 200, body: imagePage(images, { pageSize: 100 }) }),
    [ORDER]: () => ({ status: 204 }),
  });
  const { wrapper, router } = await mountPage(AdminImagesView, '/admin/images');
  return { api, wrapper, router, images };
}

const names = (wrapper: VueWrapper) => wrapper.findAll('.moderation-item__text a').map((link) => link.text());
const queryOf = (api: ReturnType<typeof fakeApi>, index: number) =>
  new URL(new Request(api.fetch.mock.calls[index]![0]).url).searchParams;

describe('moved', () => {
  it('moves one item and keeps the others in order', () => {
    expect(moved(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moved(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
  });
});

describe('AdminImagesView', () => {
  it('tells an admin without a second factor what to set up, when the server asks for one', async () => {
    fakeApi({
      ...restoredSession(profile({ role: 'admin' })),
      [LIST]: () => ({ status: 403, body: problem(403, 'MFA_ENROLLMENT_REQUIRED', 'Set one up first.') }),
    });
    const { wrapper } = await mountPage(AdminImagesView, '/admin/images');

    const notice = wrapper.get('[role="alert"]');
    expect(notice.text()).toContain('two-step verification or a passkey');
    expect(notice.get('a').attributes('href')).toBe('/profile#two-step');
    expect(wrapper.text()).not.toContain('Set one up first.');
  });

  it('reorders with the move buttons, keeps focus on the button, and saves the ids in the new order', async () => {
    const { api, wrapper, images } = await moderationPage();
    expect(queryOf(api, 1).get('pageSize')).toBe('100');
    expect(names(wrapper)).toEqual(images.map((i) => i.name));
    expect(wrapper.get(`#move-up-${images[0]!.id}`).attributes('disabled')).toBeDefined();

    await wrapper.get(`#move-down-${images[0]!.id}`).trigger('click');
    await flushPromises();
    expect(names(wrapper)).toEqual([images[1]!.name, images[0]!.name, images[2]!.name]);
    expect(document.activeElement?.id).toBe(`move-down-${images[0]!.id}`);
    expect(wrapper.get('[role="status"].visually-hidden').text()).toBe(
      `“${images[0]!.name}” moved to position 2 of 3.`,
    );
    // At the bottom, "move down" is disabled: focus goes to its partner.
    await wrapper.get(`#move-down-${images[0]!.id}`).trigger('click');
    await flushPromises();
    expect(document.activeElement?.id).toBe(`move-up-${images[0]!.id}`);

    await wrapper.get('.order-actions .button').trigger('click');
    await flushPromises();
    expect(JSON.parse(api.to(ORDER)[0]!.body)).toEqual({
      ids: [images[1]!.id, images[2]!.id, images[0]!.id],
      placement: 'in_place',
    });
    expect(wrapper.find('.order-actions').exists()).toBe(false);
  });

  it('reorders by dragging a row onto another', async () => {
    const { api, wrapper, images } = await moderationPage();
    const rows = wrapper.findAll('li.moderation-item');
    await rows[2]!.trigger('dragstart');
    await rows[0]!.trigger('drop');
    expect(names(wrapper)).toEqual([images[2]!.name, images[0]!.name, images[1]!.name]);
    await wrapper.get('.order-actions .button').trigger('click');
    await flushPromises();
    expect(JSON.parse(api.to(ORDER)[0]!.body).ids).toEqual([images[2]!.id, images[0]!.id, images[1]!.id]);
  });

  it('keeps the filters in the URL, and reorders a filtered page in place', async () => {
    const { api, wrapper, router, images } = await moderationPage();
    await wrapper.get('#filter-on-air').setValue('false');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ onAir: 'false' });
    expect(queryOf(api, api.fetch.mock.calls.length - 1).get('onAir')).toBe('false');

    await wrapper.get(`#move-down-${images[0]!.id}`).trigger('click');
    await wrapper.get('.order-actions .button').trigger('click');
    await flushPromises();
    expect(JSON.parse(api.to(ORDER)[0]!.body)).toEqual({
      ids: [images[1]!.id, images[0]!.id, images[2]!.id],
      placement: 'in_place',
    });
  });

  it('opens with the URL’s filters, ignores values the API would refuse, and follows the back button', async () => {
    const api = fakeApi({
      ...restoredSession(profile({ role: 'admin' })),
      [LIST]: () => ({ status: 200, body: imagePage([image(), image()], { pageSize: 100 }) }),
    });
    const { wrapper, router } = await mountPage(AdminImagesView, '/admin/images?onHome=true&onAir=maybe');
    const last = () => queryOf(api, api.fetch.mock.calls.length - 1);
    expect(last().get('onHome')).toBe('true');
    expect(last().has('onAir')).toBe(false);
    expect(wrapper.get<HTMLSelectElement>('#filter-on-home').element.value).toBe('true');
    expect(wrapper.get<HTMLSelectElement>('#filter-on-air').element.value).toBe('');

    await wrapper.get('#filter-on-home').setValue('');
    await flushPromises();
    expect(last().has('onHome')).toBe(false);

    router.back();
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await flushPromises();
    expect(last().get('onHome')).toBe('true');
    expect(wrapper.get<HTMLSelectElement>('#filter-on-home').element.value).toBe('true');
  });

  it('a new filter forgets an order not saved yet', async () => {
    const { wrapper, images } = await moderationPage();
    await wrapper.get(`#move-down-${images[0]!.id}`).trigger('click');
    expect(wrapper.find('.order-actions').exists()).toBe(true);
    await wrapper.get('#filter-on-home').setValue('true');
    await flushPromises();
    expect(wrapper.find('.order-actions').exists()).toBe(false);
  });

  it('takes an image off air with its switch, and flips the switch back when refused', async () => {
    const [first, second] = [image(), image()];
    const api = fakeApi({
      ...restoredSession(profile({ role: 'admin' })),
      [LIST]: () => ({ status: 200, body: imagePage([first, second]) }),
      [`PATCH /api/v1/images/${first.id}`]: () => ({ status: 200, body: { ...first, onAir: false } }),
      [`PATCH /api/v1/images/${second.id}`]: () => ({ status: 404, body: problem(404, 'NOT_FOUND') }),
    });
    const { wrapper } = await mountPage(AdminImagesView, '/admin/images');
    const onAir = (name: string) => wrapper.get<HTMLInputElement>(`input[aria-label="On air: ${name}"]`);

    await onAir(first.name).setValue(false);
    await flushPromises();
    expect(JSON.parse(api.to(`PATCH /api/v1/images/${first.id}`)[0]!.body)).toEqual({ onAir: false });
    expect(wrapper.findAll('li.moderation-item')[0]!.text()).toContain('Off air');

    await onAir(second.name).setValue(false);
    await flushPromises();
    expect(onAir(second.name).element.checked).toBe(true);
    expect(wrapper.get('[data-form-error]').text()).toContain('not there any more');
  });

  it('speaks German when the page does', async () => {
    i18n.global.locale.value = 'de';
    const { wrapper, images } = await moderationPage();
    expect(wrapper.get('h1').text()).toBe('Bilder');
    expect(wrapper.get('label[for="filter-on-air"]').text()).toBe('Veröffentlicht');
    expect(wrapper.text()).toContain('3 Bilder');
    expect(wrapper.get(`#move-up-${images[1]!.id}`).attributes('aria-label')).toBe(
      `Nach oben: ${images[1]!.name}`,
    );
  });
});
