import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, image, problem, profile, restoredSession } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import ImageView from './ImageView.vue';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

async function imagePage(shown: ReturnType<typeof image>, user = profile(), routes = {}) {
  const api = fakeApi({
    ...restoredSession(user),
    [`GET /api/v1/images/${shown.id}`]: () => ({ status: 200, body: shown }),
    ...routes,
  });
  const { wrapper, router } = await mountPage(ImageView, `/images/${shown.id}`, { id: shown.id });
  return { api, wrapper, router };
}

describe('ImageView', () => {
  it('shows the full image, its caption, uploader and date; the owner may edit it', async () => {
    const shown = image({ name: 'Tabby', caption: 'On the sill.' });
    const { wrapper } = await imagePage(shown);
    expect(wrapper.get('h1').text()).toBe('Tabby');
    expect(wrapper.get('figure img').attributes()).toMatchObject({
      src: shown.url,
      alt: 'Tabby',
      width: '1600',
    });
    expect(wrapper.get('figcaption').text()).toBe('On the sill.');
    expect(wrapper.get('.image-detail__owner').text()).toBe('brave-otter-417 (you)');
    expect(wrapper.get('time').attributes('datetime')).toBe(shown.createdAt);
    expect(wrapper.find('#edit-name').exists()).toBe(true);
    expect(wrapper.find('#moderation-title').exists()).toBe(false);
  });

  it('calls an image without owner a sample, and offers others no editing', async () => {
    const { wrapper } = await imagePage(image({ owner: null }));
    expect(wrapper.get('.image-detail__meta').text()).toContain('Sample image');
    expect(wrapper.find('#edit-name').exists()).toBe(false);
    expect(wrapper.find('.button--danger').exists()).toBe(false);
  });

  it('gives admins the moderation switches', async () => {
    const shown = image({ owner: null });
    const { api, wrapper } = await imagePage(shown, profile({ role: 'admin' }), {
      [`PATCH /api/v1/images/${shown.id}`]: () => ({ status: 200, body: { ...shown, onHome: true } }),
    });
    await wrapper.get(`input[aria-label="On the home page: ${shown.name}"]`).setValue(true);
    await flushPromises();
    expect(JSON.parse(api.to(`PATCH /api/v1/images/${shown.id}`)[0]!.body)).toEqual({ onHome: true });
  });

  it('saves a new name and caption', async () => {
    const shown = image();
    const { api, wrapper } = await imagePage(shown, profile(), {
      [`PATCH /api/v1/images/${shown.id}`]: () => ({ status: 200, body: { ...shown, name: 'Renamed' } }),
    });
    await wrapper.get('#edit-name').setValue(' Renamed ');
    await wrapper.get('.image-detail__owner-tools form').trigger('submit');
    await flushPromises();
    expect(JSON.parse(api.to(`PATCH /api/v1/images/${shown.id}`)[0]!.body)).toEqual({
      name: 'Renamed',
      caption: shown.caption,
    });
    expect(wrapper.get('h1').text()).toBe('Renamed');
  });

  it('says so in words when there is no such image', async () => {
    const id = image().id;
    fakeApi({
      ...restoredSession(),
      [`GET /api/v1/images/${id}`]: () => ({ status: 404, body: problem(404, 'NOT_FOUND') }),
    });
    const { wrapper } = await mountPage(ImageView, `/images/${id}`, { id });
    expect(wrapper.get('h1').text()).toBe('Image not found');
    expect(wrapper.get('a.button').attributes('href')).toBe('/gallery');
  });

  it('fetches fresh URLs when the image fails to load after they expired, not before', async () => {
    const shown = image();
    const { api, wrapper } = await imagePage(shown);
    const route = `GET /api/v1/images/${shown.id}`;
    await wrapper.get('figure img').trigger('error');
    await flushPromises();
    expect(api.to(route)).toHaveLength(1);

    vi.useFakeTimers({ now: Date.parse(shown.urlsExpireAt) + 1000, toFake: ['Date'] });
    await wrapper.get('figure img').trigger('error');
    await flushPromises();
    vi.useRealTimers();
    expect(api.to(route)).toHaveLength(2);
  });
});
