import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem, profile } from '../testing/fake-api';
import {
  actionsFor,
  lastAdminMessage,
  MFA_ENROLLMENT_REQUIRED,
  PAGE_SIZE,
  stateLabelOf,
  useAdminUsers,
  type AdminUser,
} from './useAdminUsers';

const LIST = 'GET /api/v1/admin/users';

function user(overrides: Partial<AdminUser> = {}): AdminUser {
  const { hasPassword: _hasPassword, ...base } = profile();
  return { ...base, disabled: false, ...overrides };
}

beforeEach(() => setActivePinia(createPinia()));

describe('stateLabelOf and actionsFor', () => {
  it('offers approval only to a confirmed account that waits for it', () => {
    const pending = user({ approved: false });
    expect(stateLabelOf(pending)).toBe('Waiting for approval');
    expect(actionsFor(pending).map((a) => a.label)).toEqual(['Approve', 'Make admin', 'Disable']);
    expect(actionsFor(pending)[0]!.change).toEqual({ approved: true });

    const unconfirmed = user({ emailConfirmed: false, approved: false });
    expect(stateLabelOf(unconfirmed)).toBe('Email not confirmed');
    expect(actionsFor(unconfirmed).map((a) => a.label)).toEqual(['Make admin', 'Disable']);
  });

  it('turns each switch the other way for admins and disabled accounts', () => {
    const disabledAdmin = user({ role: 'admin', disabled: true });
    expect(stateLabelOf(disabledAdmin)).toBe('Disabled');
    expect(actionsFor(disabledAdmin).map((a) => [a.label, a.change])).toEqual([
      ['Remove admin', { role: 'user' }],
      ['Enable', { disabled: false }],
    ]);
    expect(stateLabelOf(user())).toBe('Active');
  });

  it('offers to reset two-step verification only where it is on, and asks first', () => {
    expect(actionsFor(user()).map((a) => a.label)).not.toContain('Reset two-step verification');
    const reset = actionsFor(user({ mfaEnabled: true })).find(
      (a) => a.label === 'Reset two-step verification',
    );
    expect(reset?.change).toEqual({ resetMfa: true });
    expect(reset?.confirm).toContain(profile().email);
  });
});

describe('useAdminUsers', () => {
  it('shows the answer of the latest search when an earlier one answers after it', async () => {
    let answerFirst: () => void = () => undefined;
    const everyone = { page: 1, pageSize: PAGE_SIZE, total: 2, items: [user(), user({ id: 'b' })] };
    const waiting = { page: 1, pageSize: PAGE_SIZE, total: 1, items: [user({ approved: false })] };
    fakeApi({
      [LIST]: async (request) =>
        new URL(request.url).searchParams.get('state') === 'pending'
          ? { status: 200, body: waiting }
          : new Promise((resolve) => (answerFirst = () => resolve({ status: 200, body: everyone }))),
    });
    const admin = useAdminUsers();

    const first = admin.load();
    admin.query.state = 'pending';
    await admin.search();
    answerFirst();
    await first;

    expect(admin.total.value).toBe(1);
    expect(admin.users.value).toEqual(waiting.items);
    expect(admin.loading.value).toBe(false);
  });

  it('sends the search, state filter and page, and starts a new search on page 1', async () => {
    const api = fakeApi({
      [LIST]: () => ({ status: 200, body: { page: 1, pageSize: PAGE_SIZE, total: 45, items: [user()] } }),
    });
    const admin = useAdminUsers();
    admin.query.search = '  otter ';
    admin.query.state = 'pending';
    await admin.goToPage(2);
    expect(admin.pageCount.value).toBe(3);
    await admin.goToPage(3);
    await admin.search();
    const urls = api.requests.map((request) => request.route);
    expect(urls).toEqual([LIST, LIST, LIST]);
    const sent = api.fetch.mock.calls.map(([input]) => new URL(new Request(input).url).searchParams);
    expect(sent.map((params) => params.get('page'))).toEqual(['1', '3', '1']);
    expect(sent[2]!.get('search')).toBe('otter');
    expect(sent[2]!.get('state')).toBe('pending');
    expect(sent[2]!.get('pageSize')).toBe(String(PAGE_SIZE));
  });

  it('leaves out an empty search and the "all" filter', async () => {
    const api = fakeApi({
      [LIST]: () => ({ status: 200, body: { page: 1, pageSize: PAGE_SIZE, total: 0, items: [] } }),
    });
    await useAdminUsers().load();
    const params = new URL(new Request(api.fetch.mock.calls[0]![0]).url).searchParams;
    expect(params.has('search')).toBe(false);
    expect(params.has('state')).toBe(false);
  });

  it('shows the account as the API returned it after a change', async () => {
    const pending = user({ approved: false });
    const api = fakeApi({
      [LIST]: () => ({ status: 200, body: { page: 1, pageSize: PAGE_SIZE, total: 1, items: [pending] } }),
      [`PATCH /api/v1/admin/users/${pending.id}`]: () => ({
        status: 200,
        body: { ...pending, approved: true },
      }),
    });
    const admin = useAdminUsers();
    await admin.load();
    expect(await admin.update(pending, { approved: true })).toBe(true);
    expect(admin.users.value[0]!.approved).toBe(true);
    expect(JSON.parse(api.to(`PATCH /api/v1/admin/users/${pending.id}`)[0]!.body)).toEqual({
      approved: true,
    });
  });

  it('explains LAST_ADMIN in words that say what to do, and keeps the row as it was', async () => {
    const onlyAdmin = user({ role: 'admin' });
    fakeApi({
      [LIST]: () => ({ status: 200, body: { page: 1, pageSize: PAGE_SIZE, total: 1, items: [onlyAdmin] } }),
      [`PATCH /api/v1/admin/users/${onlyAdmin.id}`]: () => ({
        status: 409,
        body: problem(409, 'LAST_ADMIN', 'The change would leave no enabled administrator.'),
      }),
    });
    const admin = useAdminUsers();
    await admin.load();
    expect(await admin.update(onlyAdmin, { role: 'user' })).toBe(false);
    expect(admin.error.value).toBe(lastAdminMessage());
    expect(admin.users.value[0]!.role).toBe('admin');
  });

  it('says an administrator must set up a second factor, instead of the bare refusal, until the list loads', async () => {
    let enrolled = false;
    fakeApi({
      [LIST]: () =>
        enrolled
          ? { status: 200, body: { page: 1, pageSize: PAGE_SIZE, total: 0, items: [] } }
          : { status: 403, body: problem(403, MFA_ENROLLMENT_REQUIRED, 'Set one up first.') },
    });
    const admin = useAdminUsers();
    await admin.load();
    expect(admin.enrolmentRequired.value).toBe(true);
    expect(admin.error.value).toBe('');

    enrolled = true;
    await admin.load();
    expect(admin.enrolmentRequired.value).toBe(false);
  });

  it('shows the detail of any other refusal', async () => {
    fakeApi({
      [LIST]: () => ({
        status: 403,
        body: problem(403, 'FORBIDDEN', 'The account is not an administrator.'),
      }),
    });
    const admin = useAdminUsers();
    await admin.load();
    expect(admin.error.value).toBe('The account is not an administrator.');
    expect(admin.users.value).toEqual([]);
  });
});
