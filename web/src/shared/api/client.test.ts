import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorReply, installFakeApi } from '../testing/fakeApi';
import { ApiError, buildQuery, createApiClient, type ApiClientOptions } from './client';

function client(overrides: Partial<ApiClientOptions> = {}) {
  return createApiClient({
    baseUrl: '/api/v1',
    getLocale: () => 'zh-CN',
    fallbackMessage: (kind, status) => (kind === 'network' ? 'offline' : `http ${status}`),
    ...overrides,
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('api client', () => {
  it('sends the UI language, JSON and the session cookie', async () => {
    const { calls } = installFakeApi({ 'POST /api/v1/auth/login': () => ({ status: 200, body: { token: 't' } }) });
    const result = await client({ getLocale: () => 'en' }).post<{ token: string }>('/auth/login', { username: 'a', password: 'b' });
    expect(result.token).toBe('t');
    expect(calls[0]?.headers['Accept-Language']).toBe('en');
    expect(calls[0]?.headers['Content-Type']).toBe('application/json');
    expect(calls[0]?.credentials).toBe('same-origin');
    expect(calls[0]?.body).toEqual({ username: 'a', password: 'b' });
  });

  it('leaves empty filters out of the query string', async () => {
    const { calls } = installFakeApi({ 'GET /api/v1/users': () => ({ status: 200, body: { items: [], total: 0 } }) });
    await client().get('/users', { nodeId: 5, q: '', limit: 20, offset: 0, unread: undefined });
    expect(calls[0]?.query.toString()).toBe('nodeId=5&limit=20&offset=0');
    expect(buildQuery({})).toBe('');
  });

  it('repeats the key for each value of a multi-value filter', () => {
    expect(buildQuery({ status: ['submitted', 'accepted'], channel: [], limit: 20 })).toBe('?status=submitted&status=accepted&limit=20');
  });

  it('turns the server error body into an ApiError with code, message and details', async () => {
    installFakeApi({
      'POST /api/v1/auth/login': () =>
        errorReply(423, 'account_locked', '账号已暂时锁定', { lockedUntil: '2026-01-01T08:00:00.000Z' }),
    });
    const error = await client()
      .post('/auth/login', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 423,
      code: 'account_locked',
      message: '账号已暂时锁定',
      details: { lockedUntil: '2026-01-01T08:00:00.000Z' },
    });
  });

  it('gives a readable error when the body is not the JSON error shape', async () => {
    installFakeApi({
      'GET /api/v1/me': () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    });
    const error = await client()
      .get('/me')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'http_502', message: 'http 502' });
  });

  it('reports a network failure as network_error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const error = await client()
      .get('/me')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'network_error', message: 'offline' });
  });

  it('calls the session handler on 401 unauthenticated, but not on a wrong password', async () => {
    installFakeApi({
      'GET /api/v1/me': () => errorReply(401, 'unauthenticated', '请先登录'),
      'POST /api/v1/auth/login': () => errorReply(401, 'invalid_credentials', '用户名或密码错误'),
    });
    const onSessionExpired = vi.fn();
    const api = client({ onSessionExpired });

    const wrongPassword = await api.post('/auth/login', {}).catch((e: unknown) => e);
    expect(wrongPassword).toMatchObject({ code: 'invalid_credentials', isSessionError: false });
    expect(onSessionExpired).not.toHaveBeenCalled();

    const signedOut = await api.get('/me').catch((e: unknown) => e);
    expect(signedOut).toMatchObject({ status: 401, code: 'unauthenticated', isSessionError: true });
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('treats session_expired like unauthenticated', async () => {
    installFakeApi({ 'GET /api/v1/notifications': () => errorReply(401, 'session_expired', '登录已过期') });
    const onSessionExpired = vi.fn();
    await client({ onSessionExpired })
      .get('/notifications')
      .catch(() => undefined);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('returns undefined for 204 No Content', async () => {
    installFakeApi({ 'POST /api/v1/auth/logout': () => ({ status: 204 }) });
    await expect(client().post('/auth/logout')).resolves.toBeUndefined();
  });
});
