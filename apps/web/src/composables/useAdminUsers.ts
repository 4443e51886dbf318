import type { components } from '@latchkey/api-client';
import { computed, reactive, ref } from 'vue';
import { api } from '../api/client';
import { dataOf, toApiError } from '../api/problems';
import { t } from '../i18n';

export type AdminUser = components['schemas']['AdminUserDto'];
export type UserChange = components['schemas']['UpdateAdminUserDto'];
/** The state filter of GET /admin/users; '' lists everyone. */
export type StateFilter = '' | 'unconfirmed' | 'pending' | 'active' | 'disabled' | 'admin';

/** `labelKey`: the option's text (i18n/locales/<language>/admin.json). */
export const STATE_FILTERS: readonly { value: StateFilter; labelKey: string }[] = [
  { value: '', labelKey: 'admin.users.filters.all' },
  { value: 'unconfirmed', labelKey: 'admin.users.filters.unconfirmed' },
  { value: 'pending', labelKey: 'admin.users.filters.pending' },
  { value: 'active', labelKey: 'admin.users.filters.active' },
  { value: 'disabled', labelKey: 'admin.users.filters.disabled' },
  { value: 'admin', labelKey: 'admin.users.filters.admin' },
];

export const PAGE_SIZE = 20;

/** Said instead of the API's wording, which speaks of "the change" without saying what to do. */
export function lastAdminMessage(): string {
  return t('admin.users.lastAdmin');
}

/** What admin routes answer, when the server wants administrators to have a second factor, until they do. */
export const MFA_ENROLLMENT_REQUIRED = 'MFA_ENROLLMENT_REQUIRED';

/** How the table names an account's state, in the order of docs/architecture.md › Account states and guards. */
export function stateLabelOf(user: AdminUser): string {
  if (user.disabled) return t('admin.users.filters.disabled');
  if (!user.emailConfirmed) return t('admin.users.filters.unconfirmed');
  if (!user.approved) return t('admin.users.filters.pending');
  return t('admin.users.filters.active');
}

export interface UserAction {
  /** The button's visible text; the row's email address is added for screen readers. */
  label: string;
  change: UserChange;
  /** Told once the API has accepted the change. */
  done: string;
  /** Asked first, for a change that cannot simply be switched back. */
  confirm?: string;
}

/** The buttons of one row: approving only makes sense for a confirmed account still waiting. */
export function actionsFor(user: AdminUser): UserAction[] {
  const actions: UserAction[] = [];
  const email = user.email;
  if (user.emailConfirmed && !user.approved && !user.disabled) {
    actions.push({
      label: t('admin.users.actions.approve'),
      change: { approved: true },
      done: t('admin.users.actions.approved', { email }),
    });
  }
  actions.push(
    user.role === 'admin'
      ? {
          label: t('admin.users.actions.removeAdmin'),
          change: { role: 'user' },
          done: t('admin.users.actions.adminRemoved', { email }),
        }
      : {
          label: t('admin.users.actions.makeAdmin'),
          change: { role: 'admin' },
          done: t('admin.users.actions.adminMade', { email }),
        },
  );
  actions.push(
    user.disabled
      ? {
          label: t('admin.users.actions.enable'),
          change: { disabled: false },
          done: t('admin.users.actions.enabled', { email }),
        }
      : {
          label: t('admin.users.actions.disable'),
          change: { disabled: true },
          done: t('admin.users.actions.disabled', { email }),
        },
  );
  if (user.mfaEnabled) {
    actions.push({
      label: t('admin.users.actions.resetMfa'),
      change: { resetMfa: true },
      done: t('admin.users.actions.mfaReset', { email }),
      confirm: t('admin.users.actions.confirmResetMfa', { email }),
    });
  }
  return actions;
}

/** The admin users table: one page of GET /admin/users for the current search and filter, and PATCHes. */
export function useAdminUsers() {
  const query = reactive({ search: '', state: '' as StateFilter, page: 1 });
  const users = ref<AdminUser[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref('');
  /** Set when this administrator must set up a second factor before using these pages. */
  const enrolmentRequired = ref(false);
  /** The id of the account being changed, so only its row shows it is busy. */
  const updating = ref<string | null>(null);
  const pageCount = computed(() => Math.max(1, Math.ceil(total.value / PAGE_SIZE)));
  /** Counts loads, so that an answer overtaken by a newer search or filter is dropped, not shown. */
  let generation = 0;

  async function load(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = '';
    enrolmentRequired.value = false;
    try {
      const search = query.search.trim();
      const page = dataOf(
        await api.GET('/api/v1/admin/users', {
          params: {
            query: {
              page: query.page,
              pageSize: PAGE_SIZE,
              ...(search ? { search } : {}),
              ...(query.state ? { state: query.state } : {}),
            },
          },
        }),
      );
      if (mine !== generation) return;
      users.value = page.items;
      total.value = page.total;
    } catch (failure) {
      if (mine === generation) showProblem(failure);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function showProblem(failure: unknown): void {
    const problem = toApiError(failure);
    enrolmentRequired.value = problem.code === MFA_ENROLLMENT_REQUIRED;
    if (enrolmentRequired.value) error.value = '';
    else error.value = problem.code === 'LAST_ADMIN' ? lastAdminMessage() : problem.detail;
  }

  /** A new search or filter starts again on the first page. */
  function search(): Promise<void> {
    query.page = 1;
    return load();
  }

  function goToPage(page: number): Promise<void> {
    query.page = Math.min(Math.max(1, page), pageCount.value);
    return load();
  }

  /** Resolves true when the API took the change; the row then shows the account as the API returned it. */
  async function update(user: AdminUser, change: UserChange): Promise<boolean> {
    if (updating.value) return false;
    updating.value = user.id;
    error.value = '';
    try {
      const updated = dataOf(
        await api.PATCH('/api/v1/admin/users/{id}', { params: { path: { id: user.id } }, body: change }),
      );
      users.value = users.value.map((row) => (row.id === updated.id ? updated : row));
      return true;
    } catch (failure) {
      showProblem(failure);
      return false;
    } finally {
      updating.value = null;
    }
  }

  return {
    query,
    users,
    total,
    pageCount,
    loading,
    error,
    enrolmentRequired,
    updating,
    load,
    search,
    goToPage,
    update,
  };
}
