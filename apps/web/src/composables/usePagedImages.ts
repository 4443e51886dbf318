import { computed, ref, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { toApiError } from '../api/problems';
import type { Image, ImagePage, PageRequest } from './images';
import { earliestExpiry, useFreshUrls } from './useFreshUrls';

export const DEFAULT_PAGE_SIZE = 24;
/** The API's MAX_PAGE_SIZE. */
export const MAX_PAGE_SIZE = 100;

/** `?page=&pageSize=` as the API accepts them; anything else falls back to the first page, default size. */
export function pageFromQuery(query: LocationQuery, defaultSize = DEFAULT_PAGE_SIZE): PageRequest {
  return {
    page: wholeNumber(query.page, 1, Number.MAX_SAFE_INTEGER) ?? 1,
    pageSize: wholeNumber(query.pageSize, 1, MAX_PAGE_SIZE) ?? defaultSize,
  };
}

function wholeNumber(value: unknown, min: number, max: number): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number >= min && number <= max ? number : undefined;
}

/**
 * A paginated list of images whose page lives in the URL (`?page=2&pageSize=24`), with any filters the
 * caller keeps there too, so it survives a reload and the back button pages back. Loads on start and whenever the page in the URL changes, and again when
 * the images' signed URLs have expired (useFreshUrls).
 */
export function usePagedImages(
  fetchPage: (request: PageRequest) => Promise<ImagePage>,
  defaultPageSize = DEFAULT_PAGE_SIZE,
  /** The list's other URL filters as one string: the list loads again when it changes, as with the page. */
  filterKey: () => string = () => '',
) {
  const route = useRoute();
  const router = useRouter();
  const routeName = route.name;
  const images = ref<Image[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref('');
  const request = computed(() => pageFromQuery(route.query, defaultPageSize));
  const page = computed(() => request.value.page);
  const pageCount = computed(() => Math.max(1, Math.ceil(total.value / request.value.pageSize)));

  /** Counts loads, so that an answer overtaken by a newer page is dropped, not shown. */
  let generation = 0;

  async function load(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = '';
    try {
      const result = await fetchPage(request.value);
      if (mine !== generation) return;
      images.value = result.items;
      total.value = result.total;
      loaded.value = true;
      // Past the end (images were deleted or taken off air meanwhile): show the last page instead.
      if (result.items.length === 0 && result.total > 0 && page.value > pageCount.value) {
        await goToPage(pageCount.value);
      }
    } catch (failure) {
      if (mine === generation) error.value = toApiError(failure).detail;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Page 1 keeps the URL clean; the page size stays as the URL had it. */
  async function goToPage(target: number): Promise<void> {
    const { page: _page, ...rest } = route.query;
    const next = Math.min(Math.max(1, target), pageCount.value);
    await router.push({ query: next === 1 ? rest : { ...rest, page: String(next) } });
  }

  // Only while this page is the current route: leaving it changes the query too.
  watch(
    () =>
      route.name === routeName ? `${request.value.page}/${request.value.pageSize}/${filterKey()}` : null,
    (key, previous) => {
      if (key !== null && key !== previous) void load();
    },
  );

  const { onImageError } = useFreshUrls(() => earliestExpiry(images.value), load);

  return { images, total, page, pageCount, loading, loaded, error, load, goToPage, onImageError };
}
