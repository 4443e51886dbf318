import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { activityItem, fakeApi, problem, profile, restoredSession } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import ActivityView from './ActivityView.vue';

const LIST = 'GET /api/v1/users/me/activity';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

async function activityPage(pages: Record<string, unknown>, user = profile()) {
  const api = fakeApi({
    ...restoredSession(user),
    [LIST]: (request) => {
      const cursor = new URL(request.url).searchParams.get('cursor') ?? '';
      return { status: 200, body: pages[cursor] };
    },
  });
  const { wrapper, router } = await mountPage(ActivityView, '/profile/activity');
  return { api, wrapper, router };
}

const titles = (wrapper: Awaited<ReturnType<typeof activityPage>>['wrapper']) =>
  wrapper.findAll('h2.activity__title').map((title) => title.text());

describe('ActivityView', () => {
  it('lists the events as the API sends them, each with its kind in words, device, place and time', async () => {
    const signedIn = activityItem({ details: { method: 'passkey' } });
    const failed = activityItem({
      type: 'auth.sign_in_failed',
      details: { reason: 'wrong_password' },
      ip: null,
    });
    const { api, wrapper } = await activityPage({ '': { items: [signedIn, failed], nextCursor: null } });

    expect(titles(wrapper)).toEqual(['Signed in with a passkey', 'Failed sign-in: wrong password']);
    expect(wrapper.findAll('.activity__icon').map((icon) => icon.text())).toEqual([
      'Sign-in',
      'Failed sign-in',
    ]);
    expect(wrapper.findAll('svg').every((svg) => svg.attributes('aria-hidden') === 'true')).toBe(true);
    const first = wrapper.findAll('li.activity')[0]!;
    expect(first.text()).toContain('Firefox on Linux');
    expect(first.text()).toContain('IP address 203.0.113.7');
    expect(first.get('time').attributes('datetime')).toBe(signedIn.occurredAt);
    expect(first.get('time').attributes('title')).toBeTruthy();
    expect(wrapper.findAll('li.activity')[1]!.text()).toContain('Unknown');
    expect(new URL(new Request(api.fetch.mock.calls.at(-1)![0]).url).searchParams.get('limit')).toBe('20');
    expect(wrapper.find('button.button--secondary:not([aria-expanded])').exists()).toBe(false);
  });

  it('loads more with the cursor, appends the page, and moves focus to the first new event', async () => {
    const [a, b, c] = [
      activityItem(),
      activityItem({ type: 'account.password_changed', details: {} }),
      activityItem(),
    ];
    const { api, wrapper } = await activityPage({
      '': { items: [a, b], nextCursor: 'page-2' },
      'page-2': { items: [c], nextCursor: null },
    });
    const more = wrapper.findAll('button').find((button) => button.text() === 'Load more')!;
    await more.trigger('click');
    await flushPromises();

    expect(wrapper.findAll('li.activity')).toHaveLength(3);
    expect(api.to(LIST).map((request) => request.route)).toHaveLength(2);
    expect(document.activeElement?.id).toBe(`activity-${c.id}`);
    expect(wrapper.findAll('button').some((button) => button.text() === 'Load more')).toBe(false);
  });

  it('shows an unknown type generically, with its details', async () => {
    const odd = activityItem({ type: 'account.teleported', details: { destination: 'Mars' } });
    const { wrapper } = await activityPage({ '': { items: [odd], nextCursor: null } });
    expect(titles(wrapper)).toEqual(['Other activity (account.teleported)']);
    expect(wrapper.text()).toContain('destination');
    expect(wrapper.text()).toContain('Mars');
  });

  it('says who acted when it was not the account itself', async () => {
    const approved = activityItem({
      type: 'admin.user_approved',
      details: {},
      actor: { id: '5b2f7c0f-8a53-4c55-9f55-3f1c7f0e4a11', nickname: 'calm-heron-12' },
    });
    const { wrapper } = await activityPage({ '': { items: [approved], nextCursor: null } });
    expect(wrapper.get('.activity__icon').text()).toBe('Administrator action');
    expect(wrapper.get('h2').text()).toBe('Account approved');
    expect(wrapper.text()).toContain('calm-heron-12');
  });

  it('“This wasn’t me” opens the steps: sessions and the password, or the passkeys without one', async () => {
    const signIn = activityItem();
    const changed = activityItem({ type: 'account.email_changed', details: {} });
    const { wrapper } = await activityPage({ '': { items: [signIn, changed], nextCursor: null } });
    const buttons = wrapper.findAll('button[aria-expanded]');
    expect(buttons).toHaveLength(1);
    expect(buttons[0]!.text()).toBe("This wasn't me");

    await buttons[0]!.trigger('click');
    expect(buttons[0]!.attributes('aria-expanded')).toBe('true');
    const links = wrapper.get(`#not-me-${signIn.id}`).findAll('a');
    expect(links.map((link) => link.attributes('href'))).toEqual([
      '/profile/sessions',
      '/profile#password-title',
      '/profile#two-step',
    ]);

    document.body.innerHTML = '';
    const passwordless = await activityPage(
      { '': { items: [signIn], nextCursor: null } },
      profile({ hasPassword: false, mfaEnabled: true }),
    );
    await passwordless.wrapper.get('button[aria-expanded]').trigger('click');
    expect(
      passwordless.wrapper
        .get(`#not-me-${signIn.id}`)
        .findAll('a')
        .map((link) => link.attributes('href')),
    ).toEqual(['/profile/sessions', '/profile#passkeys-title']);
  });

  it('says when nothing has happened yet, and shows what went wrong when the API fails', async () => {
    const { wrapper } = await activityPage({ '': { items: [], nextCursor: null } });
    expect(wrapper.text()).toContain('Nothing has happened on your account yet.');

    document.body.innerHTML = '';
    fakeApi({
      ...restoredSession(),
      [LIST]: () => ({ status: 500, body: problem(500, 'INTERNAL', 'Something broke.') }),
    });
    const failed = await mountPage(ActivityView, '/profile/activity');
    expect(failed.wrapper.get('[data-form-error]').text()).toContain('Something broke.');
  });

  it('speaks German when the page does', async () => {
    i18n.global.locale.value = 'de';
    const { wrapper } = await activityPage({
      '': { items: [activityItem({ details: { method: 'magic_link' } })], nextCursor: null },
    });
    expect(wrapper.get('h1').text()).toBe('Sicherheitsaktivität');
    expect(wrapper.get('.activity__icon').text()).toBe('Anmeldung');
    expect(wrapper.get('h2').text()).toBe('Angemeldet mit einem Anmeldelink');
    expect(wrapper.get('button[aria-expanded]').text()).toBe('Das war ich nicht');
    expect(wrapper.text()).toContain('IP-Adresse 203.0.113.7');
  });
});
