import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError } from '../api/client';
import { authApi, type Me } from '../api/endpoints';

/** Who is signed in, with their roles, scopes and permissions as the server reports them in GET /me. */
export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null);
  /** True once we know the answer (signed in or not), so the route guard asks the server only once. */
  const loaded = ref(false);
  let pending: Promise<Me | null> | null = null;

  const isAuthenticated = computed(() => me.value !== null);
  const user = computed(() => me.value?.user ?? null);
  const scopes = computed(() => me.value?.scopes ?? []);
  const roles = computed(() => me.value?.roles ?? []);
  const permissionSet = computed(() => new Set(me.value?.permissions ?? []));

  function can(permission: string): boolean {
    return permissionSet.value.has(permission);
  }

  /** Fetch /me once; concurrent callers (guard + layout) share the same request. */
  function load(force = false): Promise<Me | null> {
    if (loaded.value && !force) return Promise.resolve(me.value);
    if (pending) return pending;
    pending = authApi
      .me()
      .then((result) => {
        me.value = result;
        loaded.value = true;
        return result;
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          me.value = null;
          loaded.value = true;
          return null;
        }
        // Network trouble is not "signed out": leave `loaded` false so the next navigation asks again.
        throw error;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  async function login(username: string, password: string): Promise<Me | null> {
    await authApi.login(username.trim(), password);
    return load(true);
  }

  function clear(): void {
    me.value = null;
    loaded.value = true;
  }

  /** Sign out here, or everywhere (every session of the account: a lost phone, a shared computer). */
  async function logout(everywhere = false): Promise<void> {
    try {
      if (everywhere) await authApi.logoutAll();
      else await authApi.logout();
    } catch (error) {
      // An already-expired session is as good as logged out; anything else is worth telling the user.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    } finally {
      clear();
    }
  }

  /**
   * The API client reports a lost session. Returns true when the user had been signed in, i.e. when the app
   * should send them to the login page; false during the first /me check, which the route guard handles.
   */
  function handleSessionExpired(): boolean {
    const wasSignedIn = me.value !== null;
    clear();
    return wasSignedIn;
  }

  return { me, loaded, isAuthenticated, user, scopes, roles, can, load, login, logout, clear, handleSessionExpired };
});
