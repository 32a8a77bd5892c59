import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { authApi } from '@/shared/api/endpoints';
import { i18n } from '@/shared/i18n';
import LoginPage from './LoginPage.vue';

describe('console sign-in', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('sends one sign-in when Enter is pressed in the password field', async () => {
    const login = vi.spyOn(authApi, 'login').mockImplementation(
      () => new Promise((resolve) => setTimeout(() => resolve({} as never), 20)),
    );
    vi.spyOn(authApi, 'me').mockResolvedValue({ user: { id: 1 } } as never);
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/login', component: LoginPage },
        { path: '/', component: { template: '<p>home</p>' } },
      ],
    });
    await router.push('/login');
    const wrapper = mount(LoginPage, { global: { plugins: [i18n, router] }, attachTo: document.body });
    await wrapper.find('input[name="username"]').setValue('admin');
    const password = wrapper.find('input[name="password"]');
    await password.setValue('secret-pass');
    // What a browser does on Enter: the key events on the field, then a native submit of the form.
    await password.trigger('keydown', { key: 'Enter' });
    await password.trigger('keyup', { key: 'Enter' });
    await wrapper.find('form').trigger('submit');
    await wrapper.find('form').trigger('submit');
    await new Promise((resolve) => setTimeout(resolve, 60));
    await flushPromises();
    expect(login).toHaveBeenCalledTimes(1);
    wrapper.unmount();
  });
});
