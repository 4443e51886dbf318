import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../stores/auth';
import { useToastStore } from '../stores/toasts';
import { fakeApi, problem, profile } from '../testing/fake-api';
import { mountPage } from '../testing/mount-page';
import AppHeader from './AppHeader.vue';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

const linkTexts = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper']) =>
  wrapper.findAll('nav a').map((link) => link.text());

describe('AppHeader', () => {
  it('offers a guest to log in or sign up', async () => {
    fakeApi({});
    const { wrapper } = await mountPage(AppHeader);
    expect(linkTexts(wrapper)).toEqual(['Home', 'Log in', 'Sign up']);
    expect(wrapper.find('nav button').exists()).toBe(false);
  });

  it('shows a confirmed person their nickname, the product, the profile and a logout button', async () => {
    fakeApi({});
    const { wrapper } = await mountPage(AppHeader);
    useAuthStore().user = profile();
    await flushPromises();
    expect(linkTexts(wrapper)).toEqual(['Home', 'Gallery', 'Upload', 'Profile']);
    expect(wrapper.get('.site-nav__who').text()).toBe('Signed in as brave-otter-417');
    expect(wrapper.get('nav button').text()).toBe('Log out');
  });

  it('logs out and goes home, or says why it could not', async () => {
    const fake = fakeApi({
      'POST /api/v1/auth/logout': () => ({ status: 503, body: problem(503, 'DOWN', 'Down.') }),
    });
    const { wrapper, router } = await mountPage(AppHeader, '/profile');
    const auth = useAuthStore();
    auth.user = profile();
    auth.accessToken = 't';
    await flushPromises();

    await wrapper.get('nav button').trigger('click');
    await flushPromises();
    expect(auth.isSignedIn).toBe(true);
    expect(useToastStore().toasts.at(-1)).toMatchObject({
      kind: 'error',
      message: 'You are still logged in. Down.',
    });

    fake.fetch.mockResolvedValue(new Response(null, { status: 204 }));
    await wrapper.get('nav button').trigger('click');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'));
    expect(auth.isSignedIn).toBe(false);
    expect(useToastStore().toasts.at(-1)).toMatchObject({ kind: 'success', message: 'You are logged out.' });
  });
});
