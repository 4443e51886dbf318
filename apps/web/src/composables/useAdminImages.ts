import { computed, ref } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { api } from '../api/client';
import { dataOf, ensureOk, toApiError } from '../api/problems';
import { friendlyImageError, updateImage, type Image, type ImageChange } from './images';
import { MFA_ENROLLMENT_REQUIRED } from './useAdminUsers';
import { MAX_PAGE_SIZE, usePagedImages } from './usePagedImages';

/** A yes/no filter of GET /admin/images; '' leaves it out. */
export type Flag = '' | 'true' | 'false';

/** Each filter's words: images.admin.filters.<key>. */
export const ON_AIR_FILTERS: readonly { value: Flag; key: string }[] = [
  { value: '', key: 'onAirAny' },
  { value: 'true', key: 'onAirTrue' },
  { value: 'false', key: 'onAirFalse' },
];

export const ON_HOME_FILTERS: readonly { value: Flag; key: string }[] = [
  { value: '', key: 'onHomeAny' },
  { value: 'true', key: 'onHomeTrue' },
  { value: 'false', key: 'onHomeFalse' },
];

export interface ImageFilters {
  onAir: Flag;
  onHome: Flag;
}

const flagOf = (value: LocationQuery[string] | undefined): Flag =>
  value === 'true' || value === 'false' ? value : '';

/** `?onAir=&onHome=` as the API accepts them; any other value shows every image rather than an error. */
export function imageFiltersFromQuery(query: LocationQuery): ImageFilters {
  return { onAir: flagOf(query.onAir), onHome: flagOf(query.onHome) };
}

/** `list` with the item at `from` moved to `to` (both in range); the others keep their order. */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}

/**
 * Moderation: every image (GET /admin/images, filtered by onAir and onHome, the filters and page kept in
 * the URL), switches for on air and home (PATCH /images/:id), and the gallery's order, changed here by moving
 * rows and saved with PUT /admin/images/order and `placement: in_place`: the listed images swap among the
 * places they hold in the whole gallery, so any page, filtered or not, can be reordered and the images it
 * does not show keep their places.
 */
export function useAdminImages() {
  const route = useRoute();
  const router = useRouter();
  const filters = computed(() => imageFiltersFromQuery(route.query));
  /** Set when this administrator must set up a second factor before using these pages. */
  const enrolmentRequired = ref(false);
  /** The list's order differs from the saved one. */
  const orderChanged = ref(false);
  const list = usePagedImages(
    async (request) => {
      // A new page or filter replaces the rows, and with them any order not saved yet.
      orderChanged.value = false;
      try {
        const page = dataOf(
          await api.GET('/api/v1/admin/images', {
            params: {
              query: {
                ...request,
                ...(filters.value.onAir ? { onAir: filters.value.onAir === 'true' } : {}),
                ...(filters.value.onHome ? { onHome: filters.value.onHome === 'true' } : {}),
              },
            },
          }),
        );
        enrolmentRequired.value = false;
        return page;
      } catch (failure) {
        enrolmentRequired.value = toApiError(failure).code === MFA_ENROLLMENT_REQUIRED;
        throw failure;
      }
    },
    MAX_PAGE_SIZE,
    () => `${filters.value.onAir}/${filters.value.onHome}`,
  );
  /** The id of the image being changed, so only its row shows it is busy. */
  const updating = ref<string | null>(null);
  const savingOrder = ref(false);

  /** A filter change is a new entry in the history, on the first page; the page size stays. */
  async function setFilter(name: keyof ImageFilters, value: Flag): Promise<void> {
    const { page: _page, [name]: _old, ...rest } = route.query;
    await router.push({ query: value ? { ...rest, [name]: value } : rest });
  }

  /** Resolves true when the API took the change; the row then shows the image as the API returned it. */
  async function update(image: Image, change: ImageChange): Promise<boolean> {
    if (updating.value) return false;
    updating.value = image.id;
    list.error.value = '';
    try {
      const updated = await updateImage(image.id, change);
      list.images.value = list.images.value.map((row) => (row.id === updated.id ? updated : row));
      return true;
    } catch (failure) {
      list.error.value = friendlyImageError(failure).detail;
      return false;
    } finally {
      updating.value = null;
    }
  }

  function move(from: number, to: number): void {
    const count = list.images.value.length;
    if (from === to || Math.max(from, to) >= count || Math.min(from, to) < 0) return;
    list.images.value = moved(list.images.value, from, to);
    orderChanged.value = true;
  }

  async function saveOrder(): Promise<boolean> {
    if (savingOrder.value) return false;
    savingOrder.value = true;
    list.error.value = '';
    try {
      const ids = list.images.value.map((image) => image.id);
      ensureOk(await api.PUT('/api/v1/admin/images/order', { body: { ids, placement: 'in_place' } }));
      orderChanged.value = false;
      return true;
    } catch (failure) {
      list.error.value = friendlyImageError(failure).detail;
      return false;
    } finally {
      savingOrder.value = false;
    }
  }

  /** Puts the saved order back. */
  async function discardOrder(): Promise<void> {
    orderChanged.value = false;
    await list.load();
  }

  return {
    ...list,
    filters,
    enrolmentRequired,
    updating,
    savingOrder,
    orderChanged,
    setFilter,
    update,
    move,
    saveOrder,
    discardOrder,
  };
}
