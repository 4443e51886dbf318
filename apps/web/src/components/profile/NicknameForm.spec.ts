import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useAuthStore } from '../../stores/auth';
import { fakeApi, problem, profile, signedIn } from '../../testing/fake-api';
import { mountPage } from '../../testing/mount-page';
import NicknameForm from './NicknameForm.vue';

beforeEach(() => localStorage.clear());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('NicknameForm', () => {
  it('shows NICKNAME_TAKEN beside the nickname, not as a summary', async () => {
    fakeApi({
      'POST /api/v1/auth/login': () => ({ status: 200, body: signedIn('t', profile()) }),
      'PATCH /api/v1/users/me': () => ({
        status: 409,
        body: problem(409, 'NICKNAME_TAKEN', 'That nickname is already taken; try another.'),
      }),
    });
    const { wrapper } = await mountPage(NicknameForm);
    await useAuthStore().login({ email: 'ada@example.com', password: 'x', rememberMe: false });
    await wrapper.get('#nickname').setValue('someone-else');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#nickname-error').text()).toBe('That nickname is already taken; try another.');
    expect(wrapper.get('#nickname').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });
});
