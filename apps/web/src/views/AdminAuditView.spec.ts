import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditFiltersFromQuery, dayBoundary } from '../composables/useAudit';
import { activityItem, fakeApi, problem, profile, restoredSession } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import AdminAuditView from './AdminAuditView.vue';

const LIST = 'GET /api/v1/admin/audit';
const ADA = '3f1c7f0e-8a53-4c55-9f55-5b2f7c0f4a11';
const ADMIN = { id: '5b2f7c0f-8a53-4c55-9f55-3f1c7f0e4a11', nickname: 'calm-heron-12' };

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

function auditItem(overrides: Record<string, unknown> = {}) {
  return { subject: { id: ADA, nickname: 'brave-otter-417' }, ...activityItem(overrides) };
}

async function auditPage(
  path: string,
  answer: () => { items: unknown[]; nextCursor: string | null } = () => ({
    items: [auditItem()],
    nextCursor: null,
  }),
) {
  const api = fakeApi({
    ...restoredSession(profile({ role: 'admin' })),
    [LIST]: () => ({ status: 200, body: answer() }),
  });
  const mounted = await mountPage(AdminAuditView, path);
  const queries = () =>
    api.fetch.mock.calls
      .map(([input]) => new URL(new Request(input).url))
      .filter((url) => url.pathname === '/api/v1/admin/audit')
      .map((url) => Object.fromEntries(url.searchParams));
  return { api, queries, ...mounted };
}

const field = (wrapper: VueWrapper, id: string) => wrapper.get<HTMLInputElement>(`#${id}`).element.value;

describe('audit filters in the URL', () => {
  it('keeps valid values and drops the rest', () => {
    expect(
      auditFiltersFromQuery({
        userId: ADA.toUpperCase(),
        type: 'auth.signed_in',
        from: '2026-12-01',
        to: '2026-12-06',
      }),
    ).toEqual({ userId: ADA, type: 'auth.signed_in', from: '2026-12-01', to: '2026-12-06' });
    expect(
      auditFiltersFromQuery({
        userId: 'ada',
        type: 'auth.nope',
        from: '2026-02-30',
        to: ['2026-12-01', '2026-12-02'],
      }),
    ).toEqual({ userId: '', type: '', from: '', to: '' });
    expect(auditFiltersFromQuery({ type: '__proto__', from: '99999-01-01' })).toEqual({
      userId: '',
      type: '',
      from: '',
      to: '',
    });
  });

  it('turns days into the first and last moment of them, in local time', () => {
    expect(new Date(dayBoundary('2026-12-01', false)).getTime()).toBe(new Date(2026, 11, 1).getTime());
    expect(new Date(dayBoundary('2026-12-31', true)).getTime()).toBe(new Date(2027, 0, 1).getTime() - 1);
  });
});

describe('AdminAuditView', () => {
  it('opens with the URL’s filters in the form and the request, ignoring invalid ones', async () => {
    const { wrapper, queries } = await auditPage(
      `/admin/audit?userId=${ADA}&type=auth.signed_in&from=2026-12-01&to=not-a-day`,
    );
    expect(queries()).toEqual([
      { limit: '50', userId: ADA, type: 'auth.signed_in', from: dayBoundary('2026-12-01', false) },
    ]);
    expect(field(wrapper, 'audit-user')).toBe(ADA);
    expect(field(wrapper, 'audit-type')).toBe('auth.signed_in');
    expect(field(wrapper, 'audit-from')).toBe('2026-12-01');
    expect(field(wrapper, 'audit-to')).toBe('');
  });

  it('applies the form to the URL, and the back button brings the previous filters back', async () => {
    const { wrapper, router, queries } = await auditPage('/admin/audit');
    await wrapper.get('#audit-type').setValue('auth.sign_in_failed');
    await wrapper.get('#audit-to').setValue('2026-12-06');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ type: 'auth.sign_in_failed', to: '2026-12-06' });
    expect(queries().at(-1)).toEqual({
      limit: '50',
      type: 'auth.sign_in_failed',
      to: dayBoundary('2026-12-06', true),
    });

    router.back();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await flushPromises();
    expect(queries().at(-1)).toEqual({ limit: '50' });
    expect(field(wrapper, 'audit-type')).toBe('');
  });

  it('shows whose account and who acted; a deleted account as “Deleted account”', async () => {
    const { wrapper, router } = await auditPage('/admin/audit', () => ({
      items: [
        auditItem({ type: 'admin.user_disabled', details: {}, actor: ADMIN }),
        auditItem({ type: 'admin.user_enabled', details: { actorPseudonym: 'p-11aa' }, actor: null }),
        {
          ...auditItem({
            type: 'admin.role_changed',
            details: { role: 'user', subjectPseudonym: 'p-9f2c' },
            actor: ADMIN,
          }),
          subject: null,
        },
      ],
      nextCursor: null,
    }));
    const [disabled, byDeleted, deleted] = wrapper.findAll('li.activity');
    expect(byDeleted!.text()).toContain('Deleted account');
    expect(byDeleted!.text()).not.toContain('p-11aa');
    expect(disabled!.text()).toContain('brave-otter-417');
    expect(disabled!.text()).toContain('calm-heron-12');
    expect(deleted!.text()).toContain('Deleted account');
    expect(deleted!.text()).not.toContain('p-9f2c');

    expect(disabled!.findAll('a.activity__filter-link').map((link) => link.text())).toEqual([
      'Only this account: brave-otter-417',
      'Only this account: calm-heron-12',
    ]);
    await disabled!.get('a.activity__filter-link').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ userId: ADA });
  });

  it('loads more with the cursor and the same filters', async () => {
    let calls = 0;
    const { wrapper, queries } = await auditPage('/admin/audit?type=auth.signed_in', () => ({
      items: [auditItem()],
      nextCursor: ++calls === 1 ? 'next-one' : null,
    }));
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Load more')!
      .trigger('click');
    await flushPromises();
    expect(queries().at(-1)).toEqual({ limit: '50', type: 'auth.signed_in', cursor: 'next-one' });
    expect(wrapper.findAll('li.activity')).toHaveLength(2);
  });

  it('tells an admin without a second factor what to set up', async () => {
    fakeApi({
      ...restoredSession(profile({ role: 'admin' })),
      [LIST]: () => ({ status: 403, body: problem(403, 'MFA_ENROLLMENT_REQUIRED', 'Set one up first.') }),
    });
    const { wrapper } = await mountPage(AdminAuditView, '/admin/audit');
    expect(wrapper.get('[role="alert"]').text()).toContain('two-step verification or a passkey');
  });
});
