import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createOrgTree(t.database.db);
  await createUser(t.database.db, {
    username: 'staff.a',
    mobile: '13800138000',
    displayName: '王芳',
    homeNodeId: tree.communityA.id,
    roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }],
  });
  await createUser(t.database.db, { username: 'locky', homeNodeId: tree.communityA.id, roles: [{ role: 'resident', orgNodeId: tree.communityA.id }] });
});
afterAll(() => t.close());

describe('login', () => {
  it('returns a token, sets an HttpOnly cookie and never echoes the full mobile', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'staff.a', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(body.user).toMatchObject({ username: 'staff.a', displayName: '王芳', mobile: '138****8000' });
    const cookie = res.cookies.find((c) => c.name === 'lianxin_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.value).toBe(body.token);
  });

  it('accepts the mobile number as login name, and the cookie instead of the header', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '13800138000', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { lianxin_session: res.json().token } });
    expect(me.statusCode).toBe(200);
    expect(me.json().roles).toEqual([expect.objectContaining({ role: 'community_staff', orgNode: expect.objectContaining({ id: tree.communityA.id }) })]);
    expect(me.json().scopes.map((s: { id: number }) => s.id)).toEqual([tree.communityA.id]);
    expect(me.json().permissions).toContain('users.manage');
    expect(me.json().homeNode).toMatchObject({ id: tree.communityA.id, kind: 'community' });
  });

  it('refuses a wrong password and an unknown user with the same code', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'staff.a', password: 'nope-1234' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ghost', password: 'nope-1234' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(errorCode(wrong)).toBe('invalid_credentials');
    expect(errorCode(unknown)).toBe('invalid_credentials');
    expect(wrong.json().error.message).toBe('用户名或密码错误');
    // a later success clears the count
    await loginAs(t.app, 'staff.a', TEST_PASSWORD);
  });

  it('answers bad input with 400 and a readable message in the caller language', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(res.json().error.message).toContain('password');
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{not json' });
    expect(bad.statusCode).toBe(400);
  });

  it('locks the account after five wrong passwords for 15 minutes, then lets the right one in', async () => {
    for (let i = 1; i <= 4; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locky', password: 'wrong-pass1' } });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.details).toEqual({ attemptsLeft: 5 - i });
    }
    const fifth = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locky', password: 'wrong-pass1' } });
    expect(fifth.statusCode).toBe(423);
    expect(errorCode(fifth)).toBe('account_locked');
    // even the right password is refused while locked
    const locked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locky', password: TEST_PASSWORD } });
    expect(errorCode(locked)).toBe('account_locked');
    t.clock.advanceMinutes(14);
    const still = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locky', password: TEST_PASSWORD } });
    expect(still.statusCode).toBe(423);
    t.clock.advanceMinutes(1);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locky', password: TEST_PASSWORD } });
    expect(ok.statusCode).toBe(200);
  });

  it('after a lock runs out, the count starts afresh', async () => {
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locky', password: 'wrong-pass1' } });
    }
    t.clock.advanceMinutes(16);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locky', password: 'wrong-pass1' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.details).toEqual({ attemptsLeft: 4 });
    await loginAs(t.app, 'locky', TEST_PASSWORD);
  });
});

describe('sessions', () => {
  it('requires a session for /me', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('unauthenticated');
    const forged = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer('forged-token') });
    expect(forged.statusCode).toBe(401);
  });

  it('logout revokes the token', async () => {
    const token = await loginAs(t.app, 'staff.a', TEST_PASSWORD);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
  });

  it('sessions expire after the configured time', async () => {
    const token = await loginAs(t.app, 'staff.a', TEST_PASSWORD);
    t.clock.advance(12 * 3_600_000 + 1000);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('session_expired');
  });
});
