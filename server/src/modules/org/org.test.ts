import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { insertOrgNode } from './org.repo.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const tokens: Record<string, string> = {};

type Item = { id: number; name: string; pathNames?: string[] };
const names = (items: Item[]) => items.map((i) => i.name);

async function get(who: string, url: string) {
  return t.app.inject({ method: 'GET', url, headers: bearer(tokens[who]!) });
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createOrgTree(db, '');
  // Buildings out of name order, to see sort_order win over the name.
  await insertOrgNode(db, { parentId: tree.gridA2.id, kind: 'building', name: '10号楼', sortOrder: 3 });
  await insertOrgNode(db, { parentId: tree.gridA2.id, kind: 'building', name: '2号楼', sortOrder: 2 });
  await insertOrgNode(db, { parentId: tree.gridA2.id, kind: 'building', name: '9号楼', sortOrder: 1 });
  await createUser(db, { username: 'staff.a', homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] });
  await createUser(db, { username: 'county', homeNodeId: tree.county.id, roles: [{ role: 'county_admin', orgNodeId: tree.county.id }] });
  await createUser(db, { username: 'worker.a1', homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] });
  for (const u of ['staff.a', 'county', 'worker.a1']) tokens[u] = await loginAs(t.app, u, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('GET /org-nodes/:id', () => {
  it('returns the node with its ancestors, root first, and its child count', async () => {
    const res = await get('staff.a', `/api/v1/org-nodes/${tree.communityA.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.node).toMatchObject({ id: tree.communityA.id, kind: 'community', name: '保利社区', parentId: tree.town.id, childCount: 2, hasPolygon: false, polygon: null });
    expect(body.node.path).toBe(tree.communityA.path);
    expect(names(body.ancestors)).toEqual(['自治区', '市', '区', '街道']);
    expect(body.ancestors.map((a: { depth: number }) => a.depth)).toEqual([0, 1, 2, 3]);
    expect(body.actions).toEqual({ manage: false, addChildKinds: [], rename: false });
  });

  it('tells a county admin what may be added below', async () => {
    const res = await get('county', `/api/v1/org-nodes/${tree.communityA.id}`);
    expect(res.json().actions).toEqual({ manage: true, addChildKinds: ['grid', 'department'], rename: false });
    const grid = await get('county', `/api/v1/org-nodes/${tree.gridA1.id}`);
    expect(grid.json().actions).toEqual({ manage: true, addChildKinds: ['grid', 'building'], rename: true });
  });

  it('answers 404 for a node outside the caller’s subtrees, the same as for a missing one', async () => {
    const other = await get('staff.a', `/api/v1/org-nodes/${tree.communityB.id}`);
    expect(other.statusCode).toBe(404);
    expect(errorCode(other)).toBe('not_found');
    const above = await get('staff.a', `/api/v1/org-nodes/${tree.town.id}`);
    expect(above.statusCode).toBe(404);
    const missing = await get('staff.a', '/api/v1/org-nodes/2000000000');
    expect(missing.statusCode).toBe(404);
  });

  it('a county admin sees both communities', async () => {
    expect((await get('county', `/api/v1/org-nodes/${tree.communityA.id}`)).statusCode).toBe(200);
    expect((await get('county', `/api/v1/org-nodes/${tree.communityB.id}`)).statusCode).toBe(200);
  });

  it('refuses malformed ids with 400 and anonymous callers with 401', async () => {
    const word = await get('staff.a', '/api/v1/org-nodes/abc');
    expect(word.statusCode).toBe(400);
    expect(errorCode(word)).toBe('validation_failed');
    const huge = await get('staff.a', '/api/v1/org-nodes/99999999999');
    expect(huge.statusCode).toBe(400);
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/org-nodes/${tree.communityA.id}` });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('GET /org-nodes/:id/children', () => {
  it('lists children ordered by sort order, then code and name, a page at a time', async () => {
    const all = await get('staff.a', `/api/v1/org-nodes/${tree.gridA2.id}/children`);
    expect(all.statusCode).toBe(200);
    expect(names(all.json().items)).toEqual(['9号楼', '2号楼', '10号楼']);
    expect(all.json().total).toBe(3);
    const page = await get('staff.a', `/api/v1/org-nodes/${tree.gridA2.id}/children?limit=1&offset=1`);
    expect(names(page.json().items)).toEqual(['2号楼']);
    expect(page.json().total).toBe(3);
    const grids = await get('staff.a', `/api/v1/org-nodes/${tree.communityA.id}/children`);
    expect(grids.json().items.map((g: { name: string; childCount: number }) => [g.name, g.childCount])).toEqual([
      ['第一网格', 1],
      ['第二网格', 3],
    ]);
  });

  it('answers 404 for children of an invisible node and 400 for a bad page size', async () => {
    const res = await get('staff.a', `/api/v1/org-nodes/${tree.communityB.id}/children`);
    expect(res.statusCode).toBe(404);
    const bad = await get('staff.a', `/api/v1/org-nodes/${tree.communityA.id}/children?limit=0`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('limit');
  });

  it('a grid worker sees their grid’s subtree and nothing beside it', async () => {
    expect((await get('worker.a1', `/api/v1/org-nodes/${tree.gridA1.id}/children`)).statusCode).toBe(200);
    expect((await get('worker.a1', `/api/v1/org-nodes/${tree.gridA2.id}/children`)).statusCode).toBe(404);
  });
});

describe('GET /org-nodes (search)', () => {
  it('finds by Chinese name substring, with the names of the path', async () => {
    const res = await get('staff.a', `/api/v1/org-nodes?q=${encodeURIComponent('保利')}`);
    expect(res.statusCode).toBe(200);
    const [first] = res.json().items;
    expect(first).toMatchObject({ id: tree.communityA.id, name: '保利社区', pathNames: ['自治区', '市', '区', '街道'] });
  });

  it('finds by full pinyin (prefix or inside the name) and by initials', async () => {
    for (const q of ['baoli', 'BaoLi', 'lishequ', 'blsq', 'bl']) {
      const res = await get('staff.a', `/api/v1/org-nodes?q=${q}`);
      expect(names(res.json().items), q).toContain('保利社区');
    }
    const grid = await get('staff.a', '/api/v1/org-nodes?q=dyw');
    expect(names(grid.json().items)).toEqual(['第一网格']);
  });

  it('never shows nodes outside the caller’s subtrees', async () => {
    for (const q of [encodeURIComponent('草原'), 'caoyuan', 'cysq']) {
      const res = await get('staff.a', `/api/v1/org-nodes?q=${q}`);
      expect(res.json().items, q).toEqual([]);
    }
    const county = await get('county', `/api/v1/org-nodes?q=${encodeURIComponent('草原')}`);
    expect(names(county.json().items)).toEqual(['草原社区', '草原第一网格']);
  });

  it('ranks exact and prefix matches before matches inside the name', async () => {
    const res = await get('county', `/api/v1/org-nodes?q=${encodeURIComponent('第一网格')}`);
    expect(names(res.json().items)).toEqual(['第一网格', '草原第一网格']);
    const py = await get('county', '/api/v1/org-nodes?q=diyi');
    expect(names(py.json().items)).toEqual(['第一网格', '草原第一网格']);
  });

  it('narrows to a visible subtree with under, and by kind', async () => {
    const under = await get('county', `/api/v1/org-nodes?q=${encodeURIComponent('网格')}&under=${tree.communityA.id}`);
    expect(names(under.json().items).sort()).toEqual(['第一网格', '第二网格']);
    const grids = await get('county', '/api/v1/org-nodes?kind=grid');
    expect(grids.json().items).toHaveLength(3);
    const hidden = await get('staff.a', `/api/v1/org-nodes?q=x&under=${tree.communityB.id}`);
    expect(hidden.statusCode).toBe(404);
  });

  it('treats LIKE wildcards literally and rejects bad parameters with 400', async () => {
    const wild = await get('county', `/api/v1/org-nodes?q=${encodeURIComponent('%')}`);
    expect(wild.statusCode).toBe(200);
    expect(wild.json().items).toEqual([]);
    const kind = await get('county', '/api/v1/org-nodes?kind=planet');
    expect(kind.statusCode).toBe(400);
    const long = await get('county', `/api/v1/org-nodes?q=${'a'.repeat(51)}`);
    expect(long.statusCode).toBe(400);
    const limit = await get('county', '/api/v1/org-nodes?q=a&limit=51');
    expect(limit.statusCode).toBe(400);
  });
});
