import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorReply, installFakeApi } from '../testing/fakeApi';
import { ApiError, buildQuery, createApiClient, fillPath, type ApiClientOptions } from './client';

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
    const result = await client({ getLocale: () => 'en' }).post('/auth/login', { body: { username: 'a', password: 'b' } });
    expect(result.token).toBe('t');
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.headers['Accept-Language']).toBe('en');
    expect(calls[0]?.headers['Content-Type']).toBe('application/json');
    expect(calls[0]?.credentials).toBe('same-origin');
    expect(calls[0]?.body).toEqual({ username: 'a', password: 'b' });
  });

  it('leaves empty filters out of the query string', async () => {
    const { calls } = installFakeApi({ 'GET /api/v1/users': () => ({ status: 200, body: { items: [], total: 0 } }) });
    await client().get('/users', { query: { nodeId: 5, q: '', limit: 20, offset: 0, role: undefined } });
    expect(calls[0]?.query.toString()).toBe('nodeId=5&limit=20&offset=0');
    expect(buildQuery({})).toBe('');
  });

  it('fills path parameters, encoded, and builds plain links the same way', async () => {
    const { calls } = installFakeApi({
      'POST /api/v1/requests/7/accept': () => ({ status: 200, body: { id: 7 } }),
      'GET /api/v1/requests/ledger/exports/a%2Fb': () => ({ status: 200, body: { id: 'a/b' } }),
    });
    const api = client();
    await api.post('/requests/{id}/accept', { path: { id: 7 }, body: { priority: 'urgent' } });
    expect(calls[0]).toMatchObject({ path: '/api/v1/requests/7/accept', body: { priority: 'urgent' } });
    await api.get('/requests/ledger/exports/{id}', { path: { id: 'a/b' } });
    expect(calls[1]?.path).toBe('/api/v1/requests/ledger/exports/a%2Fb');
    expect(api.url('/requests/ledger/exports/{id}/file', { path: { id: 'x1' } })).toBe('/api/v1/requests/ledger/exports/x1/file');
    expect(api.url('/org-nodes', { query: { q: '保利', limit: 5 } })).toBe('/api/v1/org-nodes?q=%E4%BF%9D%E5%88%A9&limit=5');
    expect(fillPath('/users/{id}/roles/{assignmentId}', { id: 3, assignmentId: 9 })).toBe('/users/3/roles/9');
    expect(() => fillPath('/users/{id}', {})).toThrow(/missing path parameter id/);
  });

  it('passes the abort signal to fetch and lets an abort through as an AbortError', async () => {
    const fetchMock = vi.fn((_input: RequestInfo | URL, init?: RequestInit) =>
      Promise.reject(init?.signal?.aborted ? new DOMException('Aborted', 'AbortError') : new TypeError('Failed to fetch')),
    );
    vi.stubGlobal('fetch', fetchMock);
    const controller = new AbortController();
    controller.abort();
    const error = await client()
      .get('/org-nodes', { query: { q: 'x' }, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(fetchMock.mock.calls[0]?.[1]?.signal).toBe(controller.signal);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(error).not.toBeInstanceOf(ApiError);
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
      .post('/auth/login', { body: { username: 'a', password: 'b' } })
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

    const wrongPassword = await api.post('/auth/login', { body: { username: 'a', password: 'b' } }).catch((e: unknown) => e);
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
      .get('/notifications', { query: { limit: 20, offset: 0 } })
      .catch(() => undefined);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('returns undefined for 204 No Content', async () => {
    installFakeApi({ 'POST /api/v1/auth/logout': () => ({ status: 204 }) });
    await expect(client().post('/auth/logout')).resolves.toBeUndefined();
  });
});
