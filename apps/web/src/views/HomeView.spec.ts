import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, image, restoredSession } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import HomeView from './HomeView.vue';

const HOME = 'GET /api/v1/images/home';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('HomeView', () => {
  it('shows a guest the home images as thumbnails with captions, not linked (their pages need a session)', async () => {
    const featured = [image({ name: 'Tabby', caption: 'On the sill.' }), image()];
    fakeApi({ [HOME]: () => ({ status: 200, body: { items: featured } }) });
    const { wrapper } = await mountPage(HomeView);
    const thumbnails = wrapper.findAll('.image-grid img');
    expect(thumbnails.map((img) => img.attributes('src'))).toEqual(featured.map((i) => i.thumbnailUrl));
    expect(thumbnails[0]!.attributes()).toMatchObject({ alt: 'Tabby', width: '480', height: '360' });
    expect(wrapper.get('.image-card__caption').text()).toContain('On the sill.');
    expect(wrapper.find('.image-grid a').exists()).toBe(false);
  });

  it('links each thumbnail to its page for a signed-in person', async () => {
    const featured = [image()];
    fakeApi({ ...restoredSession(), [HOME]: () => ({ status: 200, body: { items: featured } }) });
    const { wrapper } = await mountPage(HomeView);
    expect(wrapper.get('.image-grid a').attributes('href')).toBe(`/images/${featured[0]!.id}`);
  });
});
