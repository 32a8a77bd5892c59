import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { auditLog } from '../../db/schema/platform.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const token: Record<string, string> = {};
const id: Record<string, number> = {};

async function call(who: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token[who]!), ...(payload ? { payload } : {}) });
}

function auditRows(action: string, objectId: number) {
  return t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.objectId, String(objectId))));
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createOrgTree(db);
  const people = {
    town: { homeNodeId: tree.town.id, roles: [{ role: 'town_admin', orgNodeId: tree.town.id }] },
    staffA: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] },
    secA: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] },
    gridA: { homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] },
    zhangsan: {
      homeNodeId: tree.gridA1.id,
      displayName: '张三丰',
      mobile: '13800138000',
      roles: [{ role: 'resident', orgNodeId: tree.gridA1.id }],
    },
    lisi: { homeNodeId: tree.gridB1.id, displayName: '李四', mobile: '13900139001', roles: [{ role: 'resident', orgNodeId: tree.gridB1.id }] },
    // Filed under B but holding a role in A: visible from A, managed from B.
    commuter: { homeNodeId: tree.communityB.id, roles: [{ role: 'resident', orgNodeId: tree.gridA2.id }] },
  };
  for (const [name, opts] of Object.entries(people)) {
    id[name] = (await createUser(db, { username: name, ...opts })).id;
  }
  for (const name of ['town', 'staffA', 'secA', 'gridA', 'zhangsan', 'lisi']) token[name] = await loginAs(t.app, name, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('roles catalogue', () => {
  it('lists every role with labels, node kinds and rank', async () => {
    const res = await call('staffA', 'GET', '/roles');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toContainEqual({
      role: 'grid_worker',
      label: { zh: '网格员', en: 'Grid worker' },
      nodeKinds: ['grid'],
      rank: 30,
    });
  });
});

describe('listing users', () => {
  it('shows community staff the users of their community only, with masked mobiles and allowed actions', async () => {
    const res = await call('staffA', 'GET', '/users?limit=200');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const names = body.items.map((u: { username: string }) => u.username).sort();
    expect(names).toEqual(['commuter', 'gridA', 'secA', 'staffA', 'zhangsan']);
    expect(body.total).toBe(5);
    const zs = body.items.find((u: { username: string }) => u.username === 'zhangsan');
    expect(zs).toMatchObject({
      displayName: '张三丰',
      mobile: '138****8000',
      homeNodeId: tree.gridA1.id,
      homeNodeName: tree.gridA1.name,
      disabled: false,
      roles: [{ role: 'resident', orgNodeId: tree.gridA1.id, orgNodeName: tree.gridA1.name }],
    });
    expect(zs.allowedActions.sort()).toEqual(['disable', 'edit', 'grant']);
    expect(res.body).not.toContain('13800138000');
    const byName = (n: string) => body.items.find((u: { username: string }) => u.username === n);
    // The secretary outranks staff; one's own account is not managed here; the commuter is filed under B.
    expect(byName('secA').allowedActions).toEqual([]);
    expect(byName('staffA').allowedActions).toEqual([]);
    expect(byName('commuter').allowedActions).toEqual([]);
  });

  it('shows a town admin both communities', async () => {
    const res = await call('town', 'GET', '/users?limit=200');
    const names = res.json().items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['zhangsan', 'lisi', 'commuter', 'staffA']));
    expect(res.json().items.find((u: { username: string }) => u.username === 'lisi').allowedActions).toContain('edit');
  });

  it('finds users by name, pinyin, username and mobile', async () => {
    const found = async (q: string) =>
      (await call('staffA', 'GET', `/users?q=${encodeURIComponent(q)}`)).json().items.map((u: { username: string }) => u.username);
    expect(await found('三丰')).toEqual(['zhangsan']);
    expect(await found('zhang')).toEqual(['zhangsan']);
    expect(await found('ZhangSanFeng')).toEqual(['zhangsan']);
    expect(await found('8000')).toEqual(['zhangsan']);
    expect(await found('13800138000')).toEqual(['zhangsan']);
    expect(await found('1380013')).toEqual([]);
    expect(await found('secA')).toEqual(['secA']);
    expect(await found('%')).toEqual([]);
    // Lisi's number is outside staff A's community.
    expect(await found('9001')).toEqual([]);
  });

  it('filters by node and role, paginates, and refuses nodes and roles out of reach', async () => {
    const grid = await call('staffA', 'GET', `/users?nodeId=${tree.gridA1.id}`);
    expect(grid.json().items.map((u: { username: string }) => u.username).sort()).toEqual(['gridA', 'zhangsan']);
    const workers = await call('staffA', 'GET', '/users?role=grid_worker');
    expect(workers.json().items.map((u: { username: string }) => u.username)).toEqual(['gridA']);
    const page = await call('staffA', 'GET', '/users?limit=2&offset=2');
    expect(page.json().items).toHaveLength(2);
    expect(page.json().total).toBe(5);
    expect((await call('staffA', 'GET', `/users?nodeId=${tree.communityB.id}`)).statusCode).toBe(404);
    const unknownRole = await call('staffA', 'GET', '/users?role=mayor');
    expect(unknownRole.statusCode).toBe(400);
    expect(errorCode(unknownRole)).toBe('unknown_role');
    const badLimit = await call('staffA', 'GET', '/users?limit=500');
    expect(badLimit.statusCode).toBe(400);
    expect(errorCode(badLimit)).toBe('validation_failed');
  });

  it('refuses callers without users.read', async () => {
    const res = await call('gridA', 'GET', '/users');
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('forbidden');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(401);
  });
});

describe('one user', () => {
  it('is 404 for community staff of A for every operation on a user of community B', async () => {
    const lisi = id.lisi!;
    const attempts = [
      await call('staffA', 'GET', `/users/${lisi}`),
      await call('staffA', 'GET', `/users/${lisi}/contact`),
      await call('staffA', 'PATCH', `/users/${lisi}`, { displayName: '李四改' }),
      await call('staffA', 'POST', `/users/${lisi}/roles`, { role: 'resident', orgNodeId: tree.gridA1.id }),
      await call('staffA', 'DELETE', `/users/${lisi}/roles/1`),
      await call('staffA', 'GET', '/users/999999'),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('not_found');
    }
    expect((await auditRows('person.view_full', lisi))).toHaveLength(0);
  });

  it('lets the town admin see and edit that user', async () => {
    const res = await call('town', 'GET', `/users/${id.lisi}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'lisi', mobile: '139****9001' });
    const edit = await call('town', 'PATCH', `/users/${id.lisi}`, { displayName: '李四' });
    expect(edit.statusCode).toBe(200);
  });

  it('is 403 when visible but filed outside the caller’s users.manage subtree', async () => {
    const res = await call('staffA', 'GET', `/users/${id.commuter}`);
    expect(res.statusCode).toBe(200);
    const edit = await call('staffA', 'PATCH', `/users/${id.commuter}`, { displayName: '通勤者' });
    expect(edit.statusCode).toBe(403);
    expect(errorCode(edit)).toBe('forbidden');
  });

  it('is 403 when the account ranks as high as the caller', async () => {
    const res = await call('staffA', 'PATCH', `/users/${id.secA}`, { password: 'Takeover2026' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('不能管理与自己同级或更高级别的账号');
    expect((await call('staffA', 'PATCH', `/users/${id.staffA}`, { displayName: '我自己' })).statusCode).toBe(403);
  });
});

describe('full contact details', () => {
  it('returns the unmasked mobile and audits every view', async () => {
    const first = await call('staffA', 'GET', `/users/${id.zhangsan}/contact`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ mobile: '13800138000' });
    await call('staffA', 'GET', `/users/${id.zhangsan}/contact`);
    const rows = await auditRows('person.view_full', id.zhangsan!);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actorUserId: id.staffA, objectType: 'user', orgNodeId: tree.gridA1.id });
  });

  it('is refused without personal.view_full', async () => {
    // A resident can see nobody; the grid worker has no users.read either.
    expect((await call('gridA', 'GET', `/users/${id.zhangsan}/contact`)).statusCode).toBe(404);
    expect((await call('zhangsan', 'GET', `/users/${id.zhangsan}/contact`)).statusCode).toBe(404);
  });
});

describe('editing', () => {
  it('updates name and mobile, keeps search working, and audits with masked numbers', async () => {
    const res = await call('staffA', 'PATCH', `/users/${id.gridA}`, { displayName: '赵敏', mobile: '+86 137-0013-7000' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: '赵敏', mobile: '137****7000' });
    const found = await call('staffA', 'GET', '/users?q=zhaomin');
    expect(found.json().items.map((u: { id: number }) => u.id)).toEqual([id.gridA]);
    const [row] = await auditRows('user.update', id.gridA!);
    expect(row?.details).toEqual({
      changed: { displayName: { from: 'gridA', to: '赵敏' }, mobile: { from: null, to: '137****7000' } },
    });
    expect(JSON.stringify(row?.details)).not.toContain('13700137000');
    const cleared = await call('staffA', 'PATCH', `/users/${id.gridA}`, { mobile: null });
    expect(cleared.json().mobile).toBeNull();
  });

  it('answers bad input with a clear 400', async () => {
    const badMobile = await call('staffA', 'PATCH', `/users/${id.zhangsan}`, { mobile: '12345' });
    expect(badMobile.statusCode).toBe(400);
    expect(errorCode(badMobile)).toBe('invalid_mobile');
    expect(badMobile.json().error.message).toContain('11 位');
    const weak = await call('staffA', 'PATCH', `/users/${id.zhangsan}`, { password: 'short' });
    expect(errorCode(weak)).toBe('weak_password');
    expect(weak.json().error.message).toBe('密码长度须为 8–64 位');
    const blank = await call('staffA', 'PATCH', `/users/${id.zhangsan}`, { displayName: '   ' });
    expect(errorCode(blank)).toBe('invalid_display_name');
    const taken = await call('staffA', 'PATCH', `/users/${id.zhangsan}`, { mobile: '13900139001' });
    expect(taken.statusCode).toBe(409);
    expect(errorCode(taken)).toBe('mobile_taken');
  });

  it('disabling signs the user out everywhere and is audited', async () => {
    const target = await createUser(t.database.db, { username: 'leaver', homeNodeId: tree.gridA1.id });
    const session = await loginAs(t.app, 'leaver', TEST_PASSWORD);
    const res = await call('staffA', 'PATCH', `/users/${target.id}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(session) })).statusCode).toBe(401);
    expect(await auditRows('user.disable', target.id)).toHaveLength(1);
    const again = await call('staffA', 'PATCH', `/users/${target.id}`, { disabled: false });
    expect(again.json().disabled).toBe(false);
    expect(await auditRows('user.enable', target.id)).toHaveLength(1);
  });

  it('resetting a password revokes old sessions and the new one works', async () => {
    const target = await createUser(t.database.db, { username: 'forgetful', homeNodeId: tree.gridA1.id });
    const old = await loginAs(t.app, 'forgetful', TEST_PASSWORD);
    const res = await call('staffA', 'PATCH', `/users/${target.id}`, { password: 'NewPass2026' });
    expect(res.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(old) })).statusCode).toBe(401);
    await loginAs(t.app, 'forgetful', 'NewPass2026');
    const [row] = await auditRows('user.reset_password', target.id);
    expect(JSON.stringify(row)).not.toContain('NewPass2026');
  });

  it('moves a user only into a subtree the caller manages', async () => {
    const target = await createUser(t.database.db, { username: 'mover', homeNodeId: tree.gridA1.id });
    const out = await call('staffA', 'PATCH', `/users/${target.id}`, { homeNodeId: tree.gridB1.id });
    expect(out.statusCode).toBe(404);
    const within = await call('staffA', 'PATCH', `/users/${target.id}`, { homeNodeId: tree.unitA1.id });
    expect(within.json()).toMatchObject({ homeNodeId: tree.unitA1.id, homeNodeName: tree.unitA1.name });
    const byTown = await call('town', 'PATCH', `/users/${target.id}`, { homeNodeId: tree.gridB1.id });
    expect(byTown.json().homeNodeId).toBe(tree.gridB1.id);
    expect((await call('staffA', 'GET', `/users/${target.id}`)).statusCode).toBe(404);
  });

  it('never locks an account: wrong passwords from one address leave the owner free elsewhere', async () => {
    await createUser(t.database.db, { username: 'clumsy', homeNodeId: tree.gridA1.id });
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '203.0.113.77', payload: { username: 'clumsy', password: 'wrong-pass1' } });
    }
    const found = (await call('staffA', 'GET', '/users?q=clumsy')).json().items[0];
    expect(found.allowedActions).toEqual(['edit', 'grant', 'disable']);
    expect(found).not.toHaveProperty('lockedUntil');
    await loginAs(t.app, 'clumsy', TEST_PASSWORD);
    expect(await auditRows('auth.login_failed', found.id)).toHaveLength(5);
  });
});
