import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { auditLog } from '../../db/schema/platform.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const tokens: Record<string, string> = {};

const square = (lng: number, lat: number, size = 0.003) => ({
  type: 'Polygon',
  coordinates: [[[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]],
});

async function send(who: string, method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { ...bearer(tokens[who]!), 'accept-language': 'en' }, payload });
}

async function auditRows(action: string, objectId: number) {
  return t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.objectId, String(objectId))));
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createOrgTree(db, 'M');
  await createUser(db, { username: 'sec.a', homeNodeId: tree.communityA.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] });
  await createUser(db, { username: 'staff.a', homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] });
  await createUser(db, { username: 'worker.a1', homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] });
  await createUser(db, { username: 'county', homeNodeId: tree.county.id, roles: [{ role: 'county_admin', orgNodeId: tree.county.id }] });
  for (const u of ['sec.a', 'staff.a', 'worker.a1', 'county']) tokens[u] = await loginAs(t.app, u, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('POST /org-nodes', () => {
  it('adds a grid with a polygon, a building and a unit below it, each audited', async () => {
    const grid = await send('sec.a', 'POST', '/api/v1/org-nodes', {
      parentId: tree.communityA.id,
      kind: 'grid',
      subkind: 'small',
      name: '  第三网格 ',
      code: 'G-003',
      polygon: square(109.88, 40.65),
    });
    expect(grid.statusCode).toBe(201);
    const node = grid.json().node;
    expect(node).toMatchObject({ parentId: tree.communityA.id, kind: 'grid', subkind: 'small', name: '第三网格', code: 'G-003', hasPolygon: true, childCount: 0 });
    expect(node.path).toBe(`${tree.communityA.path}.${node.id}`);
    expect(node.depth).toBe(tree.communityA.depth + 1);
    expect(await auditRows('org_node.create', node.id)).toHaveLength(1);

    const building = await send('sec.a', 'POST', '/api/v1/org-nodes', { parentId: node.id, kind: 'building', name: '5号楼' });
    expect(building.statusCode).toBe(201);
    const unit = await send('sec.a', 'POST', '/api/v1/org-nodes', { parentId: building.json().node.id, kind: 'unit', name: '1单元' });
    expect(unit.statusCode).toBe(201);
    const search = await send('sec.a', 'GET', '/api/v1/org-nodes?q=disan');
    expect(search.json().items.map((i: { name: string }) => i.name)).toEqual(['第三网格']);
  });

  it('adds a small grid inside a grid, and a department under a community or town', async () => {
    const small = await send('sec.a', 'POST', '/api/v1/org-nodes', { parentId: tree.gridA1.id, kind: 'grid', name: '第一小网格' });
    expect(small.statusCode).toBe(201);
    const dept = await send('county', 'POST', '/api/v1/org-nodes', { parentId: tree.town.id, kind: 'department', subkind: 'partner_unit', name: '青山区供电所' });
    expect(dept.statusCode).toBe(201);
  });

  it('refuses a kind that does not fit under the parent with 400 and a readable reason', async () => {
    const cases: [number, string][] = [
      [tree.town.id, 'grid'],
      [tree.communityA.id, 'building'],
      [tree.gridA1.id, 'unit'],
      [tree.unitA1.id, 'department'],
    ];
    for (const [parentId, kind] of cases) {
      const res = await send('county', 'POST', '/api/v1/org-nodes', { parentId, kind, name: '新节点' });
      expect(res.statusCode, kind).toBe(400);
      expect(errorCode(res)).toBe('org_kind_mismatch');
    }
    const zh = await t.app.inject({ method: 'POST', url: '/api/v1/org-nodes', headers: bearer(tokens['county']!), payload: { parentId: tree.town.id, kind: 'grid', name: 'x' } });
    expect(zh.json().error.message).toBe('网格只能建在社区/村/嘎查、网格之下，不能建在镇街苏木之下');
    const region = await send('county', 'POST', '/api/v1/org-nodes', { parentId: tree.county.id, kind: 'community', name: '新社区' });
    expect(region.statusCode).toBe(400);
    expect(errorCode(region)).toBe('validation_failed');
  });

  it('answers 404 outside the caller’s scope and 403 without org.manage', async () => {
    const outside = await send('sec.a', 'POST', '/api/v1/org-nodes', { parentId: tree.communityB.id, kind: 'grid', name: '越界网格' });
    expect(outside.statusCode).toBe(404);
    const staff = await send('staff.a', 'POST', '/api/v1/org-nodes', { parentId: tree.communityA.id, kind: 'grid', name: '无权网格' });
    expect(staff.statusCode).toBe(403);
    expect(errorCode(staff)).toBe('forbidden');
    const worker = await send('worker.a1', 'POST', '/api/v1/org-nodes', { parentId: tree.gridA1.id, kind: 'building', name: '9号楼' });
    expect(worker.statusCode).toBe(403);
    const missing = await send('county', 'POST', '/api/v1/org-nodes', { parentId: 2_000_000_000, kind: 'grid', name: 'x' });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses duplicates, bad polygons, wrong subkinds and blank names', async () => {
    const dup = await send('sec.a', 'POST', '/api/v1/org-nodes', { parentId: tree.communityA.id, kind: 'grid', name: 'M第一网格' });
    expect(dup.statusCode).toBe(409);
    expect(errorCode(dup)).toBe('org_name_taken');
    const code = await send('sec.a', 'POST', '/api/v1/org-nodes', { parentId: tree.communityA.id, kind: 'grid', name: '另一网格', code: 'G-003' });
    expect(code.statusCode).toBe(409);
    expect(errorCode(code)).toBe('org_code_taken');
    const open = square(109.9, 40.6);
    open.coordinates[0]!.pop();
    open.coordinates[0]!.push([109.95, 40.7]);
    const badPolygon = await send('sec.a', 'POST', '/api/v1/org-nodes', { parentId: tree.communityA.id, kind: 'grid', name: '开口网格', polygon: open });
    expect(badPolygon.statusCode).toBe(400);
    expect(errorCode(badPolygon)).toBe('polygon_invalid');
    const outOfRange = await send('sec.a', 'POST', '/api/v1/org-nodes', { parentId: tree.communityA.id, kind: 'grid', name: '越界', polygon: square(190, 40) });
    expect(outOfRange.statusCode).toBe(400);
    const unitPolygon = await send('sec.a', 'POST', '/api/v1/org-nodes', { parentId: tree.buildingA1.id, kind: 'unit', name: '9单元', polygon: square(109.9, 40.6) });
    expect(errorCode(unitPolygon)).toBe('org_polygon_not_allowed');
    const subkind = await send('sec.a', 'POST', '/api/v1/org-nodes', { parentId: tree.communityA.id, kind: 'grid', subkind: 'huge', name: '大大网格' });
    expect(errorCode(subkind)).toBe('org_subkind_invalid');
    const blank = await send('sec.a', 'POST', '/api/v1/org-nodes', { parentId: tree.communityA.id, kind: 'grid', name: '   ' });
    expect(errorCode(blank)).toBe('org_name_blank');
  });
});

describe('PATCH /org-nodes/:id', () => {
  it('renames a grid, refreshes its pinyin and audits before and after', async () => {
    const res = await send('sec.a', 'PATCH', `/api/v1/org-nodes/${tree.gridA2.id}`, { name: '幸福网格', polygon: square(109.8, 40.6) });
    expect(res.statusCode).toBe(200);
    expect(res.json().node).toMatchObject({ name: '幸福网格', hasPolygon: true });
    const found = await send('sec.a', 'GET', '/api/v1/org-nodes?q=xingfu');
    expect(found.json().items.map((i: { id: number }) => i.id)).toEqual([tree.gridA2.id]);
    const [audit] = await auditRows('org_node.update', tree.gridA2.id);
    expect(audit?.details).toMatchObject({ before: { name: 'M第二网格' }, after: { name: '幸福网格', polygonChanged: true } });
  });

  it('keeps division nodes read-only and answers 403/404 by visibility', async () => {
    const division = await send('county', 'PATCH', `/api/v1/org-nodes/${tree.communityA.id}`, { name: '改名社区' });
    expect(division.statusCode).toBe(400);
    expect(errorCode(division)).toBe('org_node_read_only');
    const worker = await send('worker.a1', 'PATCH', `/api/v1/org-nodes/${tree.gridA1.id}`, { name: '我的网格' });
    expect(worker.statusCode).toBe(403);
    const outside = await send('sec.a', 'PATCH', `/api/v1/org-nodes/${tree.gridB1.id}`, { name: '别人的网格' });
    expect(outside.statusCode).toBe(404);
    const empty = await send('sec.a', 'PATCH', `/api/v1/org-nodes/${tree.gridA1.id}`, {});
    expect(empty.statusCode).toBe(400);
    const clash = await send('sec.a', 'PATCH', `/api/v1/org-nodes/${tree.gridA1.id}`, { name: '幸福网格' });
    expect(clash.statusCode).toBe(409);
  });
});

describe('service centers', () => {
  let centerId: number;

  it('attaches a center to a community, lists it and audits it', async () => {
    const res = await send('sec.a', 'POST', '/api/v1/service-centers', {
      orgNodeId: tree.communityA.id,
      kind: 'center',
      name: '保利社区党群服务中心',
      address: '包头市青山区青福镇',
      phone: '0472-5130001',
      lng: 109.881,
      lat: 40.652,
    });
    expect(res.statusCode).toBe(201);
    centerId = res.json().serviceCenter.id;
    expect(res.json().serviceCenter).toMatchObject({ orgNodeId: tree.communityA.id, kind: 'center', phone: '0472-5130001', lng: 109.881 });
    const station = await send('sec.a', 'POST', '/api/v1/service-centers', { orgNodeId: tree.gridA1.id, kind: 'station', name: '第一网格服务站' });
    expect(station.statusCode).toBe(201);
    expect(await auditRows('service_center.create', centerId)).toHaveLength(1);

    const list = await send('staff.a', 'GET', `/api/v1/org-nodes/${tree.communityA.id}/service-centers`);
    expect(list.json().items.map((c: { name: string }) => c.name)).toEqual(['保利社区党群服务中心']);
    const subtree = await send('staff.a', 'GET', `/api/v1/org-nodes/${tree.communityA.id}/service-centers?includeDescendants=true`);
    expect(subtree.json().items.map((c: { name: string }) => c.name)).toEqual(['保利社区党群服务中心', '第一网格服务站']);
  });

  it('refuses centers without permission, out of scope, on units, duplicated or with half a point', async () => {
    const staff = await send('staff.a', 'POST', '/api/v1/service-centers', { orgNodeId: tree.communityA.id, kind: 'station', name: '站' });
    expect(staff.statusCode).toBe(403);
    const outside = await send('sec.a', 'POST', '/api/v1/service-centers', { orgNodeId: tree.communityB.id, kind: 'center', name: '中心' });
    expect(outside.statusCode).toBe(404);
    const unit = await send('sec.a', 'POST', '/api/v1/service-centers', { orgNodeId: tree.unitA1.id, kind: 'station', name: '单元站' });
    expect(errorCode(unit)).toBe('service_center_node_kind');
    const dup = await send('sec.a', 'POST', '/api/v1/service-centers', { orgNodeId: tree.communityA.id, kind: 'center', name: '保利社区党群服务中心' });
    expect(dup.statusCode).toBe(409);
    const half = await send('sec.a', 'POST', '/api/v1/service-centers', { orgNodeId: tree.communityA.id, kind: 'station', name: '半点', lng: 109.9 });
    expect(errorCode(half)).toBe('point_incomplete');
    const phone = await send('sec.a', 'POST', '/api/v1/service-centers', { orgNodeId: tree.communityA.id, kind: 'station', name: '电话', phone: 'call me' });
    expect(phone.statusCode).toBe(400);
    const hidden = await send('sec.a', 'GET', `/api/v1/org-nodes/${tree.communityB.id}/service-centers`);
    expect(hidden.statusCode).toBe(404);
  });

  it('changes a center and audits what changed; 403 and 404 as for nodes', async () => {
    const res = await send('sec.a', 'PATCH', `/api/v1/service-centers/${centerId}`, { phone: '0472-5130002', address: null });
    expect(res.statusCode).toBe(200);
    expect(res.json().serviceCenter).toMatchObject({ phone: '0472-5130002', address: null, name: '保利社区党群服务中心' });
    const [audit] = await auditRows('service_center.update', centerId);
    expect(audit?.details).toEqual({ before: { phone: '0472-5130001', address: '包头市青山区青福镇' }, after: { phone: '0472-5130002', address: null } });
    const clearOne = await send('sec.a', 'PATCH', `/api/v1/service-centers/${centerId}`, { lat: null });
    expect(errorCode(clearOne)).toBe('point_incomplete');
    const staff = await send('staff.a', 'PATCH', `/api/v1/service-centers/${centerId}`, { name: '新名' });
    expect(staff.statusCode).toBe(403);
    const county = await send('county', 'PATCH', `/api/v1/service-centers/${centerId}`, { name: '保利社区党群服务中心（新址）' });
    expect(county.statusCode).toBe(200);
    const otherCenter = await send('county', 'POST', '/api/v1/service-centers', { orgNodeId: tree.communityB.id, kind: 'center', name: '草原中心' });
    const outside = await send('sec.a', 'PATCH', `/api/v1/service-centers/${otherCenter.json().serviceCenter.id}`, { name: '越界' });
    expect(outside.statusCode).toBe(404);
  });
});
