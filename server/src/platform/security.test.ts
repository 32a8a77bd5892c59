import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../test/factories.js';
import { multipart, image, noisy } from '../../test/files.js';
import { RATE_LIMITS } from './rateLimit.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createOrgTree(t.database.db, 'SEC');
  await createUser(t.database.db, { username: 'sec.staff', homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] });
  await createUser(t.database.db, { username: 'sec.res', homeNodeId: tree.unitA1.id, roles: [{ role: 'resident', orgNodeId: tree.unitA1.id }] });
  token = await loginAs(t.app, 'sec.staff', TEST_PASSWORD);
});
afterAll(() => t.close());

/** A state change that authenticates by the session cookie, as a browser page would send it. */
const withCookie = (headers: Record<string, string>, method: 'POST' | 'PATCH' | 'DELETE' = 'POST', url = '/api/v1/notifications/read-all') =>
  t.app.inject({ method, url, headers: { host: 'localhost:8080', ...headers }, cookies: { lianxin_session: token } });

describe('cross-site request forgery', () => {
  it('refuses a cookie-authenticated change from a foreign site, or from our host on another port', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:9999', 'http://127.0.0.1:8080', 'null']) {
      const res = await withCookie({ origin });
      expect(res.statusCode, origin).toBe(403);
      expect(errorCode(res)).toBe('cross_origin_refused');
    }
    // A text/plain form post or a FormData fetch carries no other mark: the origin decides.
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { host: 'localhost:8080', origin: 'http://localhost:3000', 'content-type': 'text/plain' },
      cookies: { lianxin_session: token },
      payload: 'x=1',
    });
    expect(form.statusCode).toBe(403);
    // A request with neither Origin nor Sec-Fetch-Site did not come from one of our pages.
    expect((await withCookie({})).statusCode).toBe(403);
    expect((await withCookie({ 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    // The session survived every attempt.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(200);
  });

  it('accepts our own origin, Sec-Fetch-Site same-origin, safe methods, and Bearer callers', async () => {
    expect((await withCookie({ origin: 'http://localhost:8080' })).statusCode).toBe(200);
    expect((await withCookie({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { origin: 'https://evil.example' }, cookies: { lianxin_session: token } });
    expect(read.statusCode).toBe(200);
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: { ...bearer(token), origin: 'https://evil.example' } });
    expect(api.statusCode).toBe(200);
  });

  it('refuses a foreign page signing a visitor in (login CSRF); a script without Origin may sign in', async () => {
    const foreign = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'https://evil.example' }, payload: { username: 'sec.res', password: TEST_PASSWORD } });
    expect(foreign.statusCode).toBe(403);
    const script = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'sec.res', password: TEST_PASSWORD } });
    expect(script.statusCode).toBe(200);
  });
});

describe('headers', () => {
  it('send a CSP, no framing, a same-origin referrer policy and nosniff on every answer', async () => {
    for (const url of ['/api/v1/me', '/api/openapi.json', '/healthz', '/nowhere']) {
      const res = await t.app.inject({ method: 'GET', url, headers: bearer(token) });
      expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('mark the session cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const proxied = await createTestApp({ TRUST_PROXY: '127.0.0.1' });
    try {
      await createUser(proxied.database.db, { username: 'p.user', homeNodeId: (await createOrgTree(proxied.database.db, 'P')).communityA.id });
      const login = (proto: string) =>
        proxied.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-proto': proto, 'x-forwarded-for': '198.51.100.20' }, payload: { username: 'p.user', password: TEST_PASSWORD } });
      expect((await login('https')).cookies.find((c) => c.name === 'lianxin_session')?.secure).toBe(true);
      expect((await login('http')).cookies.find((c) => c.name === 'lianxin_session')?.secure).toBeFalsy();
    } finally {
      await proxied.close();
    }
  });
});

describe('who before what', () => {
  it('answers an anonymous caller 401 without looking at the input (no field names leak)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/users', payload: { nonsense: true } });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('username');
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/users?nodeId=abc' });
    expect(bad.statusCode).toBe(401);
  });
});

describe('rate limits', () => {
  it('stop a resident filing request after request, with 429 and Retry-After, per user', async () => {
    const resident = await loginAs(t.app, 'sec.res', TEST_PASSWORD);
    let refused: Awaited<ReturnType<typeof t.app.inject>> | undefined;
    for (let i = 0; i <= RATE_LIMITS.intake.limit; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/requests', headers: bearer(resident), payload: { content: `第${i}次报告楼道灯坏了` } });
      if (res.statusCode === 429) refused = res;
      else expect(res.statusCode, res.body).not.toBe(500);
    }
    expect(refused?.statusCode).toBe(429);
    expect(errorCode(refused!)).toBe('rate_limited');
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
    // Another user is not affected; the window passes.
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/requests', headers: bearer(token), payload: { content: '工作人员代居民登记：路灯坏了' } });
    expect(other.statusCode).not.toBe(429);
    t.clock.advance(RATE_LIMITS.intake.windowMs);
    const later = await t.app.inject({ method: 'POST', url: '/api/v1/requests', headers: bearer(resident), payload: { content: '十分钟后再报一次' } });
    expect(later.statusCode).not.toBe(429);
  });

  it('stop a flood of uploads', async () => {
    const resident = await loginAs(t.app, 'sec.res', TEST_PASSWORD);
    const body = multipart([image(await noisy(16, 16).png().toBuffer(), 'p.png', 'image/png')]);
    const codes: number[] = [];
    for (let i = 0; i <= RATE_LIMITS.upload.limit; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/files', headers: { ...bearer(resident), ...body.headers }, payload: body.payload });
      codes.push(res.statusCode);
    }
    expect(codes.filter((c) => c === 201)).toHaveLength(RATE_LIMITS.upload.limit);
    expect(codes.at(-1)).toBe(429);
  });
});
