import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useAuthStore } from '../stores/auth';
import { fakeApi, gate, problem, profile, restoredSession, type FakeRoutes } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import ConfirmEmailView from './ConfirmEmailView.vue';

const PREVIEW = 'POST /api/v1/auth/email/confirm/preview';
const CONFIRM = 'POST /api/v1/auth/email/confirm';
const SIGNUP_LINK = { purpose: 'signup', email: 'ada@example.com', nickname: 'brave-otter-417' };
const CHANGE_LINK = { purpose: 'email-change', email: 'ada@example.org', nickname: 'brave-otter-417' };
const USED = problem(
  400,
  'INVALID_TOKEN',
  'This link is invalid, already used or expired. Ask for a new one.',
);

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

function previewing(body: unknown, more: FakeRoutes = {}): FakeRoutes {
  return { [PREVIEW]: () => ({ status: 200, body }), ...more };
}

const confirmed =
  (user = profile()) =>
  () => ({ status: 200, body: { user } });

async function open(routes: FakeRoutes, path = '/confirm-email?token=mailed-token') {
  const api = fakeApi(routes);
  const page = await mountPage(ConfirmEmailView, path);
  return { api, ...page };
}

async function press(wrapper: Awaited<ReturnType<typeof open>>['wrapper']) {
  await wrapper.get('button').trigger('click');
  await flushPromises();
}

describe('ConfirmEmailView', () => {
  it('shows the address and the account of a sign-up link, and confirms nothing until the button', async () => {
    const { api, wrapper, router } = await open(previewing(SIGNUP_LINK, { [CONFIRM]: confirmed() }));

    expect(wrapper.get('h1').text()).toBe('Confirm your email address');
    expect(wrapper.text()).toContain('Confirm ada@example.com as the address of the account brave-otter-417');
    expect(wrapper.get('h2').text()).toBe('Did not sign up?');
    expect(wrapper.get('a[href="/forgot-password"]').text()).toBe('choose a new password');
    expect(api.requests.map((request) => request.route)).toEqual([PREVIEW]);
    expect(JSON.parse(api.to(PREVIEW)[0].body)).toEqual({ token: 'mailed-token' });
    expect(router.currentRoute.value.fullPath).toBe('/confirm-email'); // the token left the address bar

    await press(wrapper);

    expect(JSON.parse(api.to(CONFIRM)[0].body)).toEqual({ token: 'mailed-token' });
    expect(wrapper.get('h1').text()).toBe('Your email address is confirmed');
    expect(wrapper.get('a[href="/login"]').text()).toBe('Log in');
  });

  it('shows an email-change link as a move of the account, and updates the signed-in profile', async () => {
    const moved = profile({ email: CHANGE_LINK.email });
    const { api, wrapper } = await open({
      ...restoredSession(profile({ email: 'ada@example.com' })),
      ...previewing(CHANGE_LINK, { [CONFIRM]: confirmed(moved) }),
    });

    expect(wrapper.get('h1').text()).toBe('Move your account to a new address');
    expect(wrapper.text()).toContain('Move the account brave-otter-417 to ada@example.org?');
    expect(wrapper.get('h2').text()).toBe('Did not ask for this?');
    expect(wrapper.get('button').text()).toBe('Move my account to this address');
    expect(api.to(CONFIRM)).toHaveLength(0);

    await press(wrapper);

    expect(wrapper.get('h1').text()).toBe('Your email address is confirmed');
    expect(wrapper.text()).toContain('Your account now uses ada@example.org');
    expect(wrapper.get('a[href="/"]').text()).toBe('Continue to the home page');
    expect(useAuthStore().user?.email).toBe('ada@example.org');
  });

  it('says so when the link is used, expired or replaced, and offers no button', async () => {
    const { api, wrapper } = await open({ [PREVIEW]: () => ({ status: 400, body: USED }) });

    expect(wrapper.get('h1').text()).toBe('We could not confirm your email address');
    expect(wrapper.text()).toContain('already used or expired');
    expect(wrapper.text()).toContain('Links work once and for 24 hours');
    expect(wrapper.find('button').exists()).toBe(false);
    expect(api.to(CONFIRM)).toHaveLength(0);
  });

  it('asks no API about a link without a token', async () => {
    const { api, wrapper } = await open({}, '/confirm-email');

    expect(wrapper.get('h1').text()).toBe('We could not confirm your email address');
    expect(wrapper.text()).toContain('This link is incomplete');
    expect(api.requests).toHaveLength(0);
  });

  it('offers to look again when the server could not be reached, and then shows the link', async () => {
    let reachable = false;
    const { wrapper } = await open({
      [PREVIEW]: () => {
        if (!reachable) throw new TypeError('Failed to fetch');
        return { status: 200, body: SIGNUP_LINK };
      },
    });
    expect(wrapper.text()).toContain('We could not reach the server');
    expect(wrapper.text()).not.toContain('Links work once');

    reachable = true;
    await press(wrapper);

    expect(wrapper.get('h1').text()).toBe('Confirm your email address');
  });

  it('keeps the button after a throttled press, says how long to wait, and works on the next press', async () => {
    let calls = 0;
    const { api, wrapper } = await open(
      previewing(SIGNUP_LINK, {
        [CONFIRM]: () =>
          ++calls === 1
            ? {
                status: 429,
                body: problem(429, 'TOO_MANY_REQUESTS', 'Too many requests from your network.'),
                headers: { 'retry-after': '30' },
              }
            : confirmed()(),
      }),
    );

    await press(wrapper);
    expect(wrapper.get('[role="alert"]').text()).toBe(
      'Too many requests from your network. Try again in 30 seconds.',
    );
    await press(wrapper);

    expect(api.to(CONFIRM)).toHaveLength(2);
    expect(wrapper.get('h1').text()).toBe('Your email address is confirmed');
  });

  it('shows the failure when the link was used meanwhile, or its new address was taken', async () => {
    const taken = problem(409, 'EMAIL_TAKEN', 'That address now belongs to another account.');
    const { wrapper } = await open(
      previewing(CHANGE_LINK, { [CONFIRM]: () => ({ status: 409, body: taken }) }),
    );

    await press(wrapper);

    expect(wrapper.get('h1').text()).toBe('We could not confirm your email address');
    expect(wrapper.text()).toContain('That address now belongs to another account.');
    expect(wrapper.find('button').exists()).toBe(false);
  });

  it('sends one confirmation however often the button is pressed while it works', async () => {
    const held = gate();
    const { api, wrapper } = await open(
      previewing(SIGNUP_LINK, { [CONFIRM]: async () => (await held.opened, confirmed()()) }),
    );

    const button = wrapper.get('button');
    await button.trigger('click');
    await button.trigger('click');
    expect(button.text()).toBe('Confirming…');
    expect(button.attributes('disabled')).toBeDefined();
    held.open();
    await flushPromises();

    expect(api.to(CONFIRM)).toHaveLength(1);
    expect(wrapper.get('h1').text()).toBe('Your email address is confirmed');
  });
});
