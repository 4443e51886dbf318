import { computed, reactive, ref } from 'vue';
import { api } from '../api/client';
import { dataOf, ensureOk, toApiError } from '../api/problems';
import { friendlyImageError, updateImage, type Image, type ImageChange } from './images';
import { MFA_ENROLLMENT_REQUIRED } from './useAdminUsers';
import { MAX_PAGE_SIZE, usePagedImages } from './usePagedImages';

/** A yes/no filter of GET /admin/images; '' leaves it out. */
export type Flag = '' | 'true' | 'false';

export const ON_AIR_FILTERS: readonly { value: Flag; label: string }[] = [
  { value: '', label: 'On air or not' },
  { value: 'true', label: 'On air' },
  { value: 'false', label: 'Off air' },
];

export const ON_HOME_FILTERS: readonly { value: Flag; label: string }[] = [
  { value: '', label: 'On the home page or not' },
  { value: 'true', label: 'On the home page' },
  { value: 'false', label: 'Not on the home page' },
];

/** `list` with the item at `from` moved to `to` (both in range); the others keep their order. */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}

/**
 * Moderation: every image (GET /admin/images, filtered by onAir and onHome), switches for on air and home
 * (PATCH /images/:id), and the gallery's order, changed here by moving rows and saved with
 * PUT /admin/images/order. The order is the whole gallery's, so it can be changed on the unfiltered first
 * page only: the listed ids take the first places, and everything after them keeps its order.
 */
export function useAdminImages() {
  const filters = reactive({ onAir: '' as Flag, onHome: '' as Flag });
  /** Set when this administrator must set up a second factor before using these pages. */
  const enrolmentRequired = ref(false);
  const list = usePagedImages(async (request) => {
    try {
      const page = dataOf(
        await api.GET('/api/v1/admin/images', {
          params: {
            query: {
              ...request,
              ...(filters.onAir ? { onAir: filters.onAir === 'true' } : {}),
              ...(filters.onHome ? { onHome: filters.onHome === 'true' } : {}),
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
  }, MAX_PAGE_SIZE);
  /** The id of the image being changed, so only its row shows it is busy. */
  const updating = ref<string | null>(null);
  const savingOrder = ref(false);
  /** The list's order differs from the saved one. */
  const orderChanged = ref(false);
  const canReorder = computed(() => !filters.onAir && !filters.onHome && list.page.value === 1);

  /** A filter change starts again on the first page. */
  async function applyFilters(): Promise<void> {
    orderChanged.value = false;
    if (list.page.value !== 1) await list.goToPage(1);
    else await list.load();
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
    if (!canReorder.value || from === to || Math.max(from, to) >= count || Math.min(from, to) < 0) return;
    list.images.value = moved(list.images.value, from, to);
    orderChanged.value = true;
  }

  async function saveOrder(): Promise<boolean> {
    if (savingOrder.value || !canReorder.value) return false;
    savingOrder.value = true;
    list.error.value = '';
    try {
      const ids = list.images.value.map((image) => image.id);
      ensureOk(await api.PUT('/api/v1/admin/images/order', { body: { ids } }));
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
    canReorder,
    applyFilters,
    update,
    move,
    saveOrder,
    discardOrder,
  };
}
