import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onSessionExpired } from '../api';
import type { Me } from '../api/endpoints';
import { errorReply, installFakeApi, orgNode } from '../testing/fakeApi';
import { useAuthStore } from './auth';

const me: Me = {
  user: { id: 7, username: 'baoli.staff', displayName: '李娜', mobile: '138****1234', homeNodeId: 30 },
  homeNode: orgNode(30, '1.2.3.30', { name: '保利社区' }),
  roles: [{ id: 1, role: 'community_staff', orgNode: orgNode(30, '1.2.3.30', { name: '保利社区' }) }],
  scopes: [orgNode(30, '1.2.3.30', { name: '保利社区' })],
  permissions: ['org.view', 'users.manage'],
};

beforeEach(() => {
  setActivePinia(createPinia());
});

afterEach(() => {
  vi.unstubAllGlobals();
  onSessionExpired(() => undefined);
});

describe('auth store', () => {
  it('logs in, then loads /me with roles, scopes and permissions', async () => {
    let signedIn = false;
    const { calls } = installFakeApi({
      'POST /api/v1/auth/login': () => {
        signedIn = true;
        return { status: 200, body: { token: 'x', user: me.user } };
      },
      'GET /api/v1/me': () => (signedIn ? { status: 200, body: me } : errorReply(401, 'unauthenticated', '请先登录')),
    });
    const auth = useAuthStore();
    await auth.login('  baoli.staff ', 'Demo@2026');
    expect(calls[0]?.body).toEqual({ username: 'baoli.staff', password: 'Demo@2026' });
    expect(auth.isAuthenticated).toBe(true);
    expect(auth.user?.displayName).toBe('李娜');
    expect(auth.scopes.map((s) => s.name)).toEqual(['保利社区']);
    expect(auth.can('users.manage')).toBe(true);
    expect(auth.can('audit.view')).toBe(false);
  });

  it('keeps the user signed out and shows the server message on a wrong password', async () => {
    installFakeApi({ 'POST /api/v1/auth/login': () => errorReply(401, 'invalid_credentials', '用户名或密码错误') });
    const auth = useAuthStore();
    await expect(auth.login('baoli.staff', 'nope')).rejects.toMatchObject({ message: '用户名或密码错误' });
    expect(auth.isAuthenticated).toBe(false);
  });

  it('answers "signed out" when /me says 401, and asks the server only once', async () => {
    const { calls } = installFakeApi({ 'GET /api/v1/me': () => errorReply(401, 'unauthenticated', '请先登录') });
    const auth = useAuthStore();
    const [a, b] = await Promise.all([auth.load(), auth.load()]);
    expect(a).toBeNull();
    expect(b).toBeNull();
    expect(auth.loaded).toBe(true);
    await auth.load();
    expect(calls).toHaveLength(1);
  });

  it('does not mistake a network failure for being signed out', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const auth = useAuthStore();
    await expect(auth.load()).rejects.toMatchObject({ code: 'network_error' });
    expect(auth.loaded).toBe(false);
  });

  it('logs out even when the session had already expired', async () => {
    installFakeApi({
      'GET /api/v1/me': () => ({ status: 200, body: me }),
      'POST /api/v1/auth/logout': () => errorReply(401, 'session_expired', '登录已过期'),
    });
    const auth = useAuthStore();
    await auth.load();
    await auth.logout();
    expect(auth.isAuthenticated).toBe(false);
  });

  it('tells the app to redirect only when a signed-in session is lost', async () => {
    installFakeApi({ 'GET /api/v1/me': () => ({ status: 200, body: me }) });
    const auth = useAuthStore();
    expect(auth.handleSessionExpired()).toBe(false);
    await auth.load(true);
    expect(auth.handleSessionExpired()).toBe(true);
    expect(auth.isAuthenticated).toBe(false);
  });

  it('hears about a lost session from any API call through the registered handler', async () => {
    installFakeApi({
      'GET /api/v1/me': () => ({ status: 200, body: me }),
      'GET /api/v1/users': () => errorReply(401, 'session_expired', '登录已过期'),
    });
    const auth = useAuthStore();
    await auth.load();
    const redirect = vi.fn();
    onSessionExpired(() => {
      if (auth.handleSessionExpired()) redirect();
    });
    const { usersApi } = await import('../api/endpoints');
    await usersApi.list({ limit: 20, offset: 0 }).catch(() => undefined);
    expect(redirect).toHaveBeenCalledTimes(1);
    expect(auth.isAuthenticated).toBe(false);
  });
});
