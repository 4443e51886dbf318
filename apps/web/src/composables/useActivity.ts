import { api } from '../api/client';
import { dataOf } from '../api/problems';
import type { ActivityItem } from './activity';
import { useCursorList } from './useCursorList';

/** How many events one "Load more" adds. */
export const ACTIVITY_PAGE_SIZE = 20;

/** This account's own security events (GET /users/me/activity), newest first, a page at a time. */
export function useActivity() {
  return useCursorList<ActivityItem>(async (cursor) =>
    dataOf(
      await api.GET('/api/v1/users/me/activity', {
        params: { query: { limit: ACTIVITY_PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
}
