import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { auditLog } from '../../db/schema/platform.js';
import { users } from '../../db/schema/users.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
let staffA: string;

const create = (payload: object, token = staffA) =>
  t.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(token), payload });

const resident = (username: string, extra: object = {}) => ({
  username,
  displayName: '王小明',
  password: 'Welcome2026',
  homeNodeId: tree.gridA1.id,
  roles: [{ role: 'resident', orgNodeId: tree.gridA1.id }],
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  tree = await createOrgTree(t.database.db);
  await createUser(t.database.db, {
    username: 'staff.a',
    homeNodeId: tree.communityA.id,
    roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }],
  });
  staffA = await loginAs(t.app, 'staff.a', TEST_PASSWORD);
});
afterAll(() => t.close());

describe('registering a user', () => {
  it('creates the account with its roles, masks the mobile, audits both, and the user can sign in', async () => {
    const res = await create(resident('wang.xm', { mobile: '13600136000' }));
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({
      username: 'wang.xm',
      displayName: '王小明',
      mobile: '136****6000',
      homeNodeId: tree.gridA1.id,
      disabled: false,
      roles: [{ role: 'resident', orgNodeId: tree.gridA1.id, orgNodeName: tree.gridA1.name }],
    });
    expect(user.allowedActions.sort()).toEqual(['disable', 'edit', 'grant']);
    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.objectId, String(user.id)));
    expect(rows.map((r) => r.action).sort()).toEqual(['role.grant', 'user.create']);
    expect(rows.find((r) => r.action === 'user.create')).toMatchObject({ orgNodeId: tree.gridA1.id });
    expect(JSON.stringify(rows)).not.toContain('13600136000');
    const [stored] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(stored?.namePinyin).toBe('wangxiaoming');
    await loginAs(t.app, '13600136000', 'Welcome2026');
  });

  it('refuses a taken username in any letter case, and a taken mobile, with 409', async () => {
    await create(resident('Li.Hua', { mobile: '13500135000' }));
    const sameName = await create(resident('li.hua'));
    expect(sameName.statusCode).toBe(409);
    expect(errorCode(sameName)).toBe('username_taken');
    const sameMobile = await create(resident('li.hua2', { mobile: '135 0013 5000' }));
    expect(sameMobile.statusCode).toBe(409);
    expect(errorCode(sameMobile)).toBe('mobile_taken');
    expect(sameMobile.json().error.message).toBe('该手机号已被其他账号使用');
  });

  it('lets exactly one of two concurrent registrations of the same username through', async () => {
    const results = await Promise.all([create(resident('Twin')), create(resident('twin')), create(resident('TWIN'))]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(results.filter((r) => r.statusCode === 409).map(errorCode)).toEqual(['username_taken', 'username_taken']);
    const rows = await t.database.db.select().from(users).where(eq(users.username, results.find((r) => r.statusCode === 201)!.json().username));
    expect(rows).toHaveLength(1);
    // Nothing half-written: the losers left no audit rows behind.
    const creates = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.create')));
    expect(creates.filter((r) => String((r.details as { username: string }).username).toLowerCase() === 'twin')).toHaveLength(1);
  });

  it('answers bad input with 400 and a message saying what to fix', async () => {
    const cases: [object, string, string][] = [
      [resident('ab'), 'invalid_username', '用户名须为 3–32 位，只能包含字母、数字和 . _ -'],
      [resident('has space'), 'invalid_username', '用户名须为 3–32 位，只能包含字母、数字和 . _ -'],
      [resident('13700137000'), 'invalid_username', '用户名不能是手机号'],
      [resident('bad.mobile', { mobile: '1380013800' }), 'invalid_mobile', '“1380013800”不是有效的手机号码，请填写 11 位中国大陆手机号'],
      [resident('weak.pw', { password: 'abcdefgh' }), 'weak_password', '密码须同时包含字母和数字'],
      [resident('blank.name', { displayName: ' ' }), 'invalid_display_name', '姓名不能为空，且不超过 50 个字'],
      [resident('unknown.role', { roles: [{ role: 'mayor', orgNodeId: tree.gridA1.id }] }), 'unknown_role', '没有名为“mayor”的角色'],
    ];
    for (const [payload, code, message] of cases) {
      const res = await create(payload);
      expect(res.statusCode, code).toBe(400);
      expect(errorCode(res)).toBe(code);
      expect(res.json().error.message).toBe(message);
    }
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...bearer(staffA), 'accept-language': 'en' },
      payload: { username: 'nopass', displayName: 'x', homeNodeId: tree.gridA1.id },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toBe('The request is not valid: password');
  });

  it('files users only where the caller manages users, with roles only they may grant', async () => {
    const elsewhere = await create(resident('b.resident', { homeNodeId: tree.gridB1.id, roles: [] }));
    expect(elsewhere.statusCode).toBe(404);
    const aboveScope = await create(resident('town.resident', { homeNodeId: tree.town.id, roles: [] }));
    expect(aboveScope.statusCode).toBe(404);
    const roleElsewhere = await create(resident('b.role', { roles: [{ role: 'resident', orgNodeId: tree.gridB1.id }] }));
    expect(roleElsewhere.statusCode).toBe(404);
    const wrongKind = await create(resident('wrong.kind', { roles: [{ role: 'grid_worker', orgNodeId: tree.communityA.id }] }));
    expect(errorCode(wrongKind)).toBe('role_node_kind');
    const secretary = await create(resident('new.secretary', { homeNodeId: tree.communityA.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] }));
    expect(secretary.statusCode).toBe(403);
    const worker = await create(resident('new.worker', { roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] }));
    expect(worker.statusCode).toBe(201);
    // None of the refused ones exist.
    const names = (await t.database.db.select({ u: users.username }).from(users)).map((r) => r.u);
    expect(names).not.toEqual(expect.arrayContaining(['b.resident']));
    expect(names.filter((n) => ['town.resident', 'b.role', 'wrong.kind', 'new.secretary'].includes(n))).toEqual([]);
  });
});
