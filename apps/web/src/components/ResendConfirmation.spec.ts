import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useAuthStore } from '../stores/auth';
import { fakeApi, problem, profile, signedIn, type FakeRoutes } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import ResendConfirmation from './ResendConfirmation.vue';

const RESEND = 'POST /api/v1/auth/email/resend';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

async function mountSignedIn(routes: FakeRoutes) {
  fakeApi({
    'POST /api/v1/auth/login': () => ({
      status: 200,
      body: signedIn('t', profile({ emailConfirmed: false })),
    }),
    ...routes,
  });
  const { wrapper } = await mountPage(ResendConfirmation);
  await useAuthStore().login({ email: 'ada@example.com', password: 'x', rememberMe: false });
  return wrapper;
}

async function clickResend(wrapper: Awaited<ReturnType<typeof mountSignedIn>>) {
  await wrapper.get('button').trigger('click');
  await flushPromises();
  return wrapper.get('[role="status"]').text();
}

describe('ResendConfirmation', () => {
  it('says where the new link went', async () => {
    const wrapper = await mountSignedIn({ [RESEND]: () => ({ status: 202 }) });
    expect(await clickResend(wrapper)).toBe(
      'We sent a new link to ada@example.com. The earlier one no longer works.',
    );
  });

  it('asks politely to wait as long as Retry-After says', async () => {
    const wrapper = await mountSignedIn({
      [RESEND]: () => ({
        status: 429,
        body: problem(429, 'RATE_LIMITED'),
        headers: { 'retry-after': '120' },
      }),
    });
    expect(await clickResend(wrapper)).toContain('try again in 2 minutes');
  });

  it('reloads the profile when the address turns out to be confirmed already', async () => {
    const wrapper = await mountSignedIn({
      [RESEND]: () => ({ status: 409, body: problem(409, 'EMAIL_ALREADY_CONFIRMED') }),
      'GET /api/v1/users/me': () => ({ status: 200, body: profile() }),
    });
    expect(await clickResend(wrapper)).toBe('Your address is already confirmed.');
    expect(useAuthStore().state).toBe('confirmed');
  });
});
