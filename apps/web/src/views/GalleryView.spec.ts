import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pageFromQuery } from '../composables/usePagedImages';
import { fakeApi, image, imagePage, restoredSession } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import GalleryView from './GalleryView.vue';

const LIST = 'GET /api/v1/images';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

/** A gallery of `total` images, answering each page as the API would. */
function gallery(total: number) {
  const all = Array.from({ length: total }, () => image());
  return fakeApi({
    ...restoredSession(),
    [LIST]: (request) => {
      const params = new URL(request.url).searchParams;
      const [page, pageSize] = [Number(params.get('page')), Number(params.get('pageSize'))];
      const items = all.slice((page - 1) * pageSize, page * pageSize);
      return { status: 200, body: imagePage(items, { page, pageSize, total }) };
    },
  });
}

const pagesAsked = (api: ReturnType<typeof fakeApi>) =>
  api.fetch.mock.calls
    .map(([input]) => new URL(new Request(input).url))
    .filter((url) => url.pathname === '/api/v1/images')
    .map((url) => `${url.searchParams.get('page')}/${url.searchParams.get('pageSize')}`);

describe('pageFromQuery', () => {
  it('reads page and page size, falling back on anything the API would refuse', () => {
    expect(pageFromQuery({ page: '3', pageSize: '12' })).toEqual({ page: 3, pageSize: 12 });
    expect(pageFromQuery({ page: '0', pageSize: '500' })).toEqual({ page: 1, pageSize: 24 });
    expect(pageFromQuery({ page: 'x', pageSize: ['2'] })).toEqual({ page: 1, pageSize: 24 });
  });
});

describe('GalleryView', () => {
  it('shows thumbnails linking to their pages, with their size and names', async () => {
    gallery(2);
    const { wrapper } = await mountPage(GalleryView, '/gallery');
    const images = wrapper.findAll('.image-grid img');
    expect(images).toHaveLength(2);
    expect(images[0]!.attributes()).toMatchObject({ width: '480', height: '360', alt: 'Cat 1' });
    expect(wrapper.get('.image-grid a').attributes('href')).toMatch(/^\/images\/0b7d6c1e-/);
    expect(wrapper.get('.image-card__caption').text()).toContain('Watching the sparrows.');
    expect(wrapper.find('.pager').exists()).toBe(false);
  });

  it('takes the page from the URL and pages through it there', async () => {
    const api = gallery(30);
    const { wrapper, router } = await mountPage(GalleryView, '/gallery?page=2&pageSize=12');
    expect(wrapper.findAll('.image-grid li')).toHaveLength(12);
    expect(wrapper.get('.pager').text()).toContain('Page 2 of 3');

    const [previous, next] = wrapper.findAll('.pager button');
    await next!.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/gallery?pageSize=12&page=3');
    expect(wrapper.findAll('.image-grid li')).toHaveLength(6);
    expect(wrapper.findAll('.pager button')[1]!.attributes('disabled')).toBeDefined();

    await router.push('/gallery?pageSize=12&page=2');
    await flushPromises();
    await previous!.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/gallery?pageSize=12');
    expect(pagesAsked(api)).toEqual(['2/12', '3/12', '2/12', '1/12']);
  });

  it('goes to the last page when the one in the URL is past the end', async () => {
    const api = gallery(5);
    const { router } = await mountPage(GalleryView, '/gallery?page=4');
    expect(router.currentRoute.value.fullPath).toBe('/gallery');
    expect(pagesAsked(api)).toEqual(['4/24', '1/24']);
  });

  it('shows the page asked for last when an earlier page answers after it', async () => {
    const all = Array.from({ length: 30 }, () => image());
    const held: (() => void)[] = [];
    fakeApi({
      ...restoredSession(),
      [LIST]: (request) => {
        const page = Number(new URL(request.url).searchParams.get('page'));
        const answer = {
          status: 200,
          body: imagePage(all.slice((page - 1) * 12, page * 12), { page, pageSize: 12, total: 30 }),
        };
        // Page 2 answers only when told to, after page 3 did.
        return page === 2 ? new Promise((resolve) => held.push(() => resolve(answer))) : answer;
      },
    });
    const { wrapper, router } = await mountPage(GalleryView, '/gallery?page=2&pageSize=12');

    await router.push('/gallery?pageSize=12&page=3');
    await flushPromises();
    held.forEach((answer) => answer());
    await flushPromises();

    expect(wrapper.findAll('.image-grid li')).toHaveLength(6);
    expect(wrapper.get('.pager').text()).toContain('Page 3 of 3');
  });
});
