import { computed, onMounted, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router';
import { api } from '../api/client';
import { dataOf } from '../api/problems';
import { isKnownType, type ActivityType, type AuditItem } from './activity';
import { useCursorList } from './useCursorList';

export const AUDIT_PAGE_SIZE = 50;

/** The audit log's filters as the URL keeps them (`?userId=&type=&from=&to=`); '' leaves one out. */
export interface AuditFilters {
  userId: string;
  type: ActivityType | '';
  /** Calendar days (YYYY-MM-DD) in the admin's time zone, as a date field gives them. */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { userId: '', type: '', from: '', to: '' };
export const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const UUID = new RegExp(`^${UUID_PATTERN}$`);
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
}

const single = (value: LocationQuery[string] | undefined): string => (typeof value === 'string' ? value : '');

/**
 * The filters a URL asks for; a value the API would refuse (not a uuid, an unknown type, not a day) is left
 * out, so an edited or old link still opens the log rather than an error.
 */
export function auditFiltersFromQuery(query: LocationQuery): AuditFilters {
  const userId = single(query.userId);
  const type = single(query.type);
  const from = single(query.from);
  const to = single(query.to);
  return {
    userId: UUID.test(userId) ? userId.toLowerCase() : '',
    type: isKnownType(type) ? type : '',
    from: isDay(from) ? from : '',
    to: isDay(to) ? to : '',
  };
}

/** Only the filters that are set, so the URL stays short and an empty filter leaves no `?type=`. */
export function queryOfAuditFilters(filters: AuditFilters): LocationQueryRaw {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));
}

/** A day as the API's time range wants it: its first moment, or (for `to`) its last, in local time. */
export function dayBoundary(day: string, end: boolean): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + (end ? 1 : 0), 0, 0, 0, end ? -1 : 0).toISOString();
}

/**
 * The audit log for administrators (GET /admin/audit): its filters live in the URL, so a reload, a shared
 * link and the back button show the same events; each change of them starts the list again.
 */
export function useAudit() {
  const route = useRoute();
  const router = useRouter();
  const routeName = route.name;
  const filters = computed(() => auditFiltersFromQuery(route.query));
  const list = useCursorList<AuditItem>(async (cursor) => {
    const { userId, type, from, to } = filters.value;
    return dataOf(
      await api.GET('/api/v1/admin/audit', {
        params: {
          query: {
            limit: AUDIT_PAGE_SIZE,
            ...(cursor ? { cursor } : {}),
            ...(userId ? { userId } : {}),
            ...(type ? { type } : {}),
            ...(from ? { from: dayBoundary(from, false) } : {}),
            ...(to ? { to: dayBoundary(to, true) } : {}),
          },
        },
      }),
    );
  });

  /** A new entry in the history, so the back button returns to the previous filters. */
  async function applyFilters(next: AuditFilters): Promise<void> {
    await router.push({ query: queryOfAuditFilters(next) });
  }

  // Only while this page is the current route: leaving it changes the query too.
  watch(
    () => (route.name === routeName ? JSON.stringify(filters.value) : null),
    (key, previous) => {
      if (key !== null && key !== previous) void list.reload();
    },
  );
  onMounted(list.reload);

  return { ...list, filters, applyFilters };
}
