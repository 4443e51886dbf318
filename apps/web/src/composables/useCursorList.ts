import { ref, shallowRef } from 'vue';
import { toApiError } from '../api/problems';

/** One page of a cursor-paginated list, as GET /users/me/activity and GET /admin/audit answer. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list read page by page with the API's opaque cursor: `reload` starts again from the newest, `loadMore`
 * appends the next page. An answer that arrives after a newer `reload` (filters changed meanwhile) is
 * dropped, so a slow old page never mixes into the new list.
 */
export function useCursorList<T>(fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>) {
  const items = shallowRef<T[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref('');
  /** The error's problem code, for views that answer some codes in their own way. */
  const errorCode = ref('');
  let generation = 0;

  async function fetchInto(cursor: string | undefined, replace: boolean): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = '';
    errorCode.value = '';
    try {
      const page = await fetchPage(cursor);
      if (mine !== generation) return;
      items.value = replace ? page.items : [...items.value, ...page.items];
      nextCursor.value = page.nextCursor;
      loaded.value = true;
    } catch (failure) {
      if (mine !== generation) return;
      const problem = toApiError(failure);
      error.value = problem.detail;
      errorCode.value = problem.code;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function reload(): Promise<void> {
    items.value = [];
    nextCursor.value = null;
    loaded.value = false;
    await fetchInto(undefined, true);
  }

  async function loadMore(): Promise<void> {
    if (loading.value || !nextCursor.value) return;
    await fetchInto(nextCursor.value, false);
  }

  return { items, nextCursor, loading, loaded, error, errorCode, reload, loadMore };
}
