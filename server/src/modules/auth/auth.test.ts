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

  it('slows a stranger guessing one account from one address, never the owner signing in from elsewhere', async () => {
    const attacker = '203.0.113.9';
    const owner = '198.51.100.7';
    const guess = (password: string, remoteAddress: string, username = 'locky') =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username, password } });
    for (let i = 1; i <= 5; i++) {
      const res = await guess('wrong-pass1', attacker);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.details).toBeUndefined(); // no "attempts left": it would tell a real account from a made-up one
    }
    // The sixth try from that address waits one second; then two, four …
    const waiting = await guess('wrong-pass1', attacker);
    expect(waiting.statusCode).toBe(429);
    expect(waiting.headers['retry-after']).toBe('1');
    expect(errorCode(waiting)).toBe('rate_limited');
    // Even the right password waits there — but the owner, from their own phone, signs in at once.
    expect((await guess(TEST_PASSWORD, attacker)).statusCode).toBe(429);
    expect((await guess(TEST_PASSWORD, owner)).statusCode).toBe(200);
    t.clock.advance(1000);
    expect((await guess('wrong-pass1', attacker)).statusCode).toBe(401);
    const longer = await guess('wrong-pass1', attacker);
    expect(longer.headers['retry-after']).toBe('2');
    // An unknown name is throttled exactly alike.
    for (let i = 0; i < 5; i++) expect((await guess('wrong-pass1', attacker, 'nobody.here')).statusCode).toBe(401);
    const ghost = await guess('wrong-pass1', attacker, 'nobody.here');
    expect([ghost.statusCode, ghost.headers['retry-after']]).toEqual([429, '1']);
    t.clock.advanceMinutes(15);
    expect((await guess(TEST_PASSWORD, attacker)).statusCode).toBe(200);
  });

  it('stops password spraying: many accounts tried from one address all wait', async () => {
    const sprayer = '203.0.113.50';
    const spray = (i: number) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: sprayer, payload: { username: `user${i}`, password: 'Spring2026' } });
    // Any address may try 30 sign-ins in ten minutes (right or wrong) …
    for (let i = 0; i < 30; i++) expect((await spray(i)).statusCode).toBe(401);
    const fast = await spray(30);
    expect(fast.statusCode).toBe(429);
    expect(Number(fast.headers['retry-after'])).toBeGreaterThan(0);
    // … and forty wrong ones in an hour, then every account from there waits.
    t.clock.advanceMinutes(10);
    for (let i = 30; i < 40; i++) expect((await spray(i)).statusCode).toBe(401);
    const next = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: sprayer, payload: { username: 'staff.a', password: TEST_PASSWORD } });
    expect(next.statusCode).toBe(429);
    t.clock.advanceMinutes(61);
  });

  it('lets an operator raise the sign-ins allowed from one shared address (a service hall behind one NAT)', async () => {
    const hall = await createTestApp({ SIGNIN_LIMIT_PER_ADDRESS: '40' });
    try {
      const people = await createOrgTree(hall.database.db);
      await createUser(hall.database.db, { username: 'hall.user', homeNodeId: people.communityA.id, roles: [{ role: 'resident', orgNodeId: people.communityA.id }] });
      const signIn = () =>
        hall.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '198.51.100.7', payload: { username: 'hall.user', password: TEST_PASSWORD } });
      for (let i = 0; i < 40; i++) expect((await signIn()).statusCode).toBe(200);
      expect((await signIn()).statusCode).toBe(429);
    } finally {
      await hall.close();
    }
  });

  it('tells the account’s admins once when it is under attack from many addresses, and locks nobody out', async () => {
    const user = await createUser(t.database.db, { username: 'target', displayName: '被攻击的人', homeNodeId: tree.communityA.id, roles: [{ role: 'resident', orgNodeId: tree.communityA.id }] });
    const adminToken = await loginAs(t.app, 'staff.a', TEST_PASSWORD);
    const notices = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/notifications?limit=50', headers: bearer(adminToken) })).json().items.filter((n: { kind: string }) => n.kind === 'auth.under_attack');
    for (let i = 0; i < 25; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: `192.0.2.${i + 1}`, payload: { username: 'target', password: 'guess-1234' } });
      expect(res.statusCode).toBe(401);
    }
    const got = await notices();
    expect(got).toHaveLength(1);
    expect(got[0].title).toContain('被攻击的人');
    expect(got[0].en.title).toContain('wrong passwords');
    const audit = await t.app.inject({ method: 'GET', url: `/api/v1/audit?action=auth.under_attack&limit=10`, headers: bearer(adminToken) });
    expect(audit.json().items.filter((a: { objectId: string }) => a.objectId === String(user.id))).toHaveLength(1);
    // Every failure is still in the audit log, and the owner is not locked out.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '198.51.100.8', payload: { username: 'target', password: TEST_PASSWORD } })).statusCode).toBe(200);
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

  it('signs out everywhere: every session of the user ends, other users’ stay', async () => {
    const phone = await loginAs(t.app, 'staff.a', TEST_PASSWORD);
    const desk = await loginAs(t.app, 'staff.a', TEST_PASSWORD);
    const other = await loginAs(t.app, 'locky', TEST_PASSWORD);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: bearer(phone) });
    expect(out.statusCode).toBe(200);
    expect(out.json().ended).toBeGreaterThanOrEqual(2);
    for (const token of [phone, desk]) expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(other) })).statusCode).toBe(200);
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
