import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpByCode } from '../../../test/accounts.js';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { auditLog } from '../../db/schema/platform.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
let staffA: string;
let staffB: string;

beforeAll(async () => {
  t = await createTestApp({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'lianxin-join-')) });
  tree = await createOrgTree(t.database.db);
  await createUser(t.database.db, { username: 'staff.a', homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] });
  await createUser(t.database.db, { username: 'staff.b', homeNodeId: tree.communityB.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityB.id }] });
  staffA = await loginAs(t.app, 'staff.a', TEST_PASSWORD);
  staffB = await loginAs(t.app, 'staff.b', TEST_PASSWORD);
});
afterAll(() => t.close());

const get = (url: string, token: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });
const post = (url: string, token: string, payload?: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(token), payload });
const me = async (token: string) => (await get('/me', token)).json() as { user: { homeNodeId: number }; roles: { id: number; role: string; orgNode: { id: number } }[]; permissions: string[] };

describe('joining a community', () => {
  it('lists communities with buildings, then buildings, then units — names only', async () => {
    const { token } = await signUpByCode(t, '13100131100');
    const communities = (await get('/join/communities', token)).json().items;
    expect(communities).toEqual([{ id: tree.communityA.id, name: tree.communityA.name, townId: tree.town.id, townName: tree.town.name }]);
    expect((await get(`/join/communities?q=${encodeURIComponent('草原')}`, token)).json().items).toEqual([]);
    expect((await get(`/join/places/${tree.communityA.id}`, token)).json().items).toEqual([{ id: tree.buildingA1.id, kind: 'building', name: '1号楼' }]);
    expect((await get(`/join/places/${tree.buildingA1.id}`, token)).json().items).toEqual([{ id: tree.unitA1.id, kind: 'unit', name: '1单元' }]);
    expect((await get(`/join/places/${tree.gridA1.id}`, token)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/join/communities' })).statusCode).toBe(401);
  });

  it('makes the account a resident at the unit at once', async () => {
    const { token, userId } = await signUpByCode(t, '13100131101');
    const res = await post('/me/residence', token, { nodeId: tree.unitA1.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().names).toEqual([tree.town.name, tree.communityA.name, tree.gridA1.name, '1号楼', '1单元']);
    const after = await me(token);
    expect(after.user.homeNodeId).toBe(tree.unitA1.id);
    expect(after.roles.map((r) => [r.role, r.orgNode.id])).toEqual([['resident', tree.unitA1.id]]);
    expect(after.permissions).toContain('rooms.book');
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'resident.join'), eq(auditLog.objectId, String(userId))));
    expect(audit?.details).toMatchObject({ via: 'picker' });
  });

  it('refuses a grid or a town as the place to join', async () => {
    const { token } = await signUpByCode(t, '13100131102');
    const res = await post('/me/residence', token, { nodeId: tree.gridA1.id });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('join_place_invalid');
  });

  it('joins by the QR code of the community; a renewed code retires the old poster', async () => {
    const codeRes = await get(`/communities/${tree.communityA.id}/join-code`, staffA);
    expect(codeRes.statusCode).toBe(200);
    const { code, path: link } = codeRes.json();
    expect(link).toBe(`/m/join?code=${code}`);
    expect(codeRes.json().svg).toMatch(/^<svg/);
    expect(codeRes.json().url.endsWith(`/m/join?code=${code}`)).toBe(true);
    // Asking again gives the same code.
    expect((await get(`/communities/${tree.communityA.id}/join-code`, staffA)).json().code).toBe(code);
    // Staff of another community neither see nor make it.
    expect((await get(`/communities/${tree.communityA.id}/join-code`, staffB)).statusCode).toBe(404);

    const { token, userId } = await signUpByCode(t, '13100131103');
    expect((await get(`/join/codes/${code}`, token)).json()).toEqual({ communityId: tree.communityA.id, communityName: tree.communityA.name, townName: tree.town.name });
    const outside = await post('/me/residence', token, { code, nodeId: tree.communityB.id });
    expect(errorCode(outside)).toBe('join_place_outside');
    const joined = await post('/me/residence', token, { code, nodeId: tree.buildingA1.id });
    expect(joined.statusCode).toBe(200);
    expect((await me(token)).roles.map((r) => r.orgNode.id)).toEqual([tree.buildingA1.id]);
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'resident.join'), eq(auditLog.objectId, String(userId))));
    expect(audit?.details).toMatchObject({ via: 'qr' });

    const renewed = await post(`/communities/${tree.communityA.id}/join-code/renew`, staffA);
    expect(renewed.json().code).not.toBe(code);
    const { token: late } = await signUpByCode(t, '13100131104');
    expect((await get(`/join/codes/${code}`, late)).statusCode).toBe(404);
    expect((await post('/me/residence', late, { code })).statusCode).toBe(404);
    const byNew = await post('/me/residence', late, { code: renewed.json().code });
    expect(byNew.statusCode).toBe(200);
    expect((await me(late)).roles.map((r) => r.orgNode.id)).toEqual([tree.communityA.id]);
  });

  it('moves a resident to another place, keeping the history in the audit', async () => {
    const { token, userId } = await signUpByCode(t, '13100131105');
    await post('/me/residence', token, { nodeId: tree.unitA1.id });
    const before = (await me(token)).roles[0]!.id;
    const moved = await post('/me/residence', token, { nodeId: tree.communityB.id });
    expect(moved.statusCode).toBe(200);
    const after = await me(token);
    expect(after.roles.map((r) => [r.role, r.orgNode.id])).toEqual([['resident', tree.communityB.id]]);
    expect(after.user.homeNodeId).toBe(tree.communityB.id);
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'resident.move'), eq(auditLog.objectId, String(userId))));
    expect(audit?.details).toMatchObject({ from: { nodeId: tree.unitA1.id, assignmentIds: [before] } });
  });

  it('lets a resident leave; leaving twice is a conflict', async () => {
    const { token } = await signUpByCode(t, '13100131106');
    await post('/me/residence', token, { nodeId: tree.unitA1.id });
    const left = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/residence', headers: bearer(token) });
    expect(left.statusCode).toBe(204);
    const after = await me(token);
    expect(after.roles).toEqual([]);
    expect(after.user.homeNodeId).toBe(tree.region.id);
    const again = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/residence', headers: bearer(token) });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('not_joined');
  });

  it('does not let a staff account join as a resident', async () => {
    const res = await post('/me/residence', staffA, { nodeId: tree.unitA1.id });
    expect(res.statusCode).toBe(403);
  });
});

describe('staff remove a resident role', () => {
  it('community staff remove it in their community; staff elsewhere get 404', async () => {
    const { token, userId } = await signUpByCode(t, '13100131107');
    await post('/me/residence', token, { nodeId: tree.unitA1.id });
    const assignment = (await me(token)).roles[0]!.id;
    const outside = await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${userId}/roles/${assignment}`, headers: bearer(staffB) });
    expect(outside.statusCode).toBe(404);
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${userId}/roles/${assignment}`, headers: bearer(staffA) });
    expect(removed.statusCode).toBe(200);
    expect((await me(token)).roles).toEqual([]);
  });
});
