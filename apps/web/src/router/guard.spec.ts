import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { useAuthStore } from '../stores/auth';
import { useToastStore } from '../stores/toasts';
import { fakeApi, problem, profile, signedIn } from '../testing/fake-api';
import { createAppRouter } from './index';

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

async function open(path: string) {
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  return router.currentRoute.value;
}

describe('the router guard', () => {
  it('sends a guest from the profile to the login page, remembering where they wanted to go', async () => {
    fakeApi({});
    const route = await open('/profile');
    expect(route.name).toBe('login');
    expect(route.query.redirect).toBe('/profile');
    expect(useToastStore().toasts.map((toast) => toast.message)).toEqual(['Log in to see that page.']);
  });

  it('restores the session before deciding, so a reload of the profile stays on the profile', async () => {
    localStorage.setItem('latchkey.session', '1');
    const fake = fakeApi({ 'POST /api/v1/auth/refresh': () => ({ status: 200, body: signedIn('t') }) });
    const route = await open('/profile');
    expect(route.name).toBe('profile');
    expect(fake.to('POST /api/v1/auth/refresh')).toHaveLength(1);
  });

  it('sends a signed-in person away from the login and sign-up pages', async () => {
    fakeApi({});
    useAuthStore().user = profile({ emailConfirmed: false });
    expect((await open('/login')).name).toBe('home');
    expect((await open('/signup')).name).toBe('home');
  });

  it('lets anyone open the public pages and shows the 404 page for unknown paths', async () => {
    localStorage.setItem('latchkey.session', '1');
    fakeApi({
      'POST /api/v1/auth/refresh': () => ({ status: 401, body: problem(401, 'INVALID_REFRESH_TOKEN') }),
    });
    expect((await open('/confirm-email?token=abc')).name).toBe('confirm-email');
    expect((await open('/privacy')).name).toBe('privacy');
    expect((await open('/no/such/page')).name).toBe('not-found');
  });

  it('sets the document title from the page', async () => {
    fakeApi({});
    await open('/about');
    expect(document.title).toBe('About · Latchkey');
  });
});
