import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { auditLog } from '../../db/schema/platform.js';
import { roleAssignments } from '../../db/schema/users.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const token: Record<string, string> = {};
const id: Record<string, number> = {};

const grant = (who: string, userId: number, role: string, orgNodeId: number) =>
  t.app.inject({ method: 'POST', url: `/api/v1/users/${userId}/roles`, headers: bearer(token[who]!), payload: { role, orgNodeId } });
const revoke = (who: string, userId: number, assignmentId: number) =>
  t.app.inject({ method: 'DELETE', url: `/api/v1/users/${userId}/roles/${assignmentId}`, headers: bearer(token[who]!) });

async function assignmentOf(userId: number, role: string) {
  const [row] = await t.database.db
    .select()
    .from(roleAssignments)
    .where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.role, role)));
  return row;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createOrgTree(db);
  const people = {
    sys: { homeNodeId: tree.region.id, roles: [{ role: 'system_admin', orgNodeId: tree.region.id }] },
    town: { homeNodeId: tree.town.id, roles: [{ role: 'town_admin', orgNodeId: tree.town.id }] },
    staffA: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] },
    // Community staff in A who also lives in B: B's grid is visible to them but they manage nobody there.
    staffLivingInB: {
      homeNodeId: tree.communityA.id,
      roles: [
        { role: 'community_staff', orgNodeId: tree.communityA.id },
        { role: 'resident', orgNodeId: tree.gridB1.id },
      ],
    },
    secA: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] },
    resident: { homeNodeId: tree.gridA1.id, roles: [{ role: 'resident', orgNodeId: tree.gridA1.id }] },
    residentB: { homeNodeId: tree.gridB1.id, roles: [{ role: 'resident', orgNodeId: tree.gridB1.id }] },
  };
  for (const [name, opts] of Object.entries(people)) id[name] = (await createUser(db, { username: name, ...opts })).id;
  for (const name of ['sys', 'town', 'staffA', 'staffLivingInB']) token[name] = await loginAs(t.app, name, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('granting roles', () => {
  it('lets community staff make a resident a grid worker, and audits it at the node', async () => {
    const res = await grant('staffA', id.resident!, 'grid_worker', tree.gridA1.id);
    expect(res.statusCode).toBe(200);
    expect(res.json().roles.map((r: { role: string }) => r.role)).toEqual(['resident', 'grid_worker']);
    const [row] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'role.grant'), eq(auditLog.objectId, String(id.resident))));
    expect(row).toMatchObject({ actorUserId: id.staffA, orgNodeId: tree.gridA1.id, details: expect.objectContaining({ role: 'grid_worker' }) });
  });

  it('refuses a node outside the caller’s subtree: 404 when invisible, 403 when visible but not managed', async () => {
    const invisible = await grant('staffA', id.resident!, 'resident', tree.gridB1.id);
    expect(invisible.statusCode).toBe(404);
    expect(invisible.json().error.message).toBe('找不到该组织节点');
    const visible = await grant('staffLivingInB', id.resident!, 'resident', tree.gridB1.id);
    expect(visible.statusCode).toBe(403);
    expect(errorCode(visible)).toBe('forbidden');
    const missing = await grant('staffA', id.resident!, 'resident', 99_999_999);
    expect(missing.statusCode).toBe(404);
    expect(await assignmentOf(id.resident!, 'resident')).toMatchObject({ orgNodeId: tree.gridA1.id });
  });

  it('refuses a node of the wrong kind with a message naming the allowed kinds', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${id.resident}/roles`,
      headers: { ...bearer(token.staffA!), 'accept-language': 'en' },
      payload: { role: 'building_leader', orgNodeId: tree.gridA2.id },
    });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('role_node_kind');
    expect(res.json().error.message).toBe('The role "Building leader" can only be held at a building node, not at a grid node');
    expect(res.json().error.messages.zh).toBe('“楼栋长”只能设在楼栋节点上，不能设在网格节点上');
  });

  it('refuses equal or higher ranks: staff cannot make anyone staff or secretary, least of all themselves', async () => {
    for (const role of ['community_staff', 'community_secretary']) {
      const res = await grant('staffA', id.resident!, role, tree.communityA.id);
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error.message).toContain('只能授予或撤销低于自己级别的角色');
    }
    const self = await grant('staffA', id.staffA!, 'community_secretary', tree.communityA.id);
    expect(self.statusCode).toBe(403);
    expect(await assignmentOf(id.staffA!, 'community_secretary')).toBeUndefined();
    const byTown = await grant('town', id.resident!, 'community_staff', tree.communityA.id);
    expect(byTown.statusCode).toBe(200);
    const townPeer = await grant('town', id.resident!, 'town_admin', tree.town.id);
    expect(townPeer.statusCode).toBe(403);
  });

  it('refuses unknown roles and duplicates', async () => {
    const unknown = await grant('town', id.residentB!, 'emperor', tree.gridB1.id);
    expect(unknown.statusCode).toBe(400);
    expect(errorCode(unknown)).toBe('unknown_role');
    const duplicate = await grant('town', id.residentB!, 'resident', tree.gridB1.id);
    expect(duplicate.statusCode).toBe(409);
    expect(errorCode(duplicate)).toBe('role_already_granted');
  });

  it('lets a system admin grant anything, even system_admin', async () => {
    const res = await grant('sys', id.town!, 'system_admin', tree.region.id);
    expect(res.statusCode).toBe(200);
    const assignment = await assignmentOf(id.town!, 'system_admin');
    expect((await revoke('sys', id.town!, assignment!.id)).statusCode).toBe(200);
  });
});

describe('revoking roles', () => {
  it('revokes a lower role and audits it', async () => {
    const helper = await createUser(t.database.db, {
      username: 'helper',
      homeNodeId: tree.gridA1.id,
      roles: [
        { role: 'resident', orgNodeId: tree.gridA1.id },
        { role: 'grid_worker', orgNodeId: tree.gridA1.id },
      ],
    });
    const worker = await assignmentOf(helper.id, 'grid_worker');
    const res = await revoke('staffA', helper.id, worker!.id);
    expect(res.statusCode).toBe(200);
    expect(res.json().roles.map((r: { role: string }) => r.role)).toEqual(['resident']);
    expect(await assignmentOf(helper.id, 'grid_worker')).toBeUndefined();
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'role.revoke'), eq(auditLog.objectId, String(helper.id))));
    expect(rows).toEqual([expect.objectContaining({ actorUserId: id.staffA, orgNodeId: tree.gridA1.id })]);
  });

  it('refuses assignments of another user, and users out of reach', async () => {
    const secRole = await assignmentOf(id.secA!, 'community_secretary');
    expect((await revoke('town', id.resident!, secRole!.id)).statusCode).toBe(404);
    const bRole = await assignmentOf(id.residentB!, 'resident');
    expect((await revoke('staffA', id.residentB!, bRole!.id)).statusCode).toBe(404);
    expect((await revoke('staffA', id.secA!, secRole!.id)).statusCode).toBe(403);
  });

  it('never lets anyone revoke their own system_admin', async () => {
    const own = await assignmentOf(id.sys!, 'system_admin');
    const res = await revoke('sys', id.sys!, own!.id);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('不能撤销自己的系统管理员角色');
    expect(await assignmentOf(id.sys!, 'system_admin')).toBeDefined();
    const disableSelf = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id.sys}`,
      headers: bearer(token.sys!),
      payload: { disabled: true },
    });
    expect(disableSelf.statusCode).toBe(403);
  });
});
