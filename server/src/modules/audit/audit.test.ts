import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { recordAudit } from '../../platform/audit.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const token: Record<string, string> = {};
const id: Record<string, number> = {};

interface Item {
  id: number;
  at: string;
  action: string;
  objectId: string | null;
  objectLabel: string | null;
  orgNodeId: number | null;
  orgNodeName: string | null;
  actor: { id: number; displayName: string } | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

async function list(who: string, query = '') {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/audit${query}`, headers: bearer(token[who]!) });
  return { res, items: (res.statusCode === 200 ? res.json().items : []) as Item[] };
}
const testRows = (items: Item[]) => items.filter((i) => i.action.startsWith('test.'));

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createOrgTree(db);
  const people = {
    sys: { homeNodeId: tree.region.id, roles: [{ role: 'system_admin', orgNodeId: tree.region.id }] },
    town: { homeNodeId: tree.town.id, roles: [{ role: 'town_admin', orgNodeId: tree.town.id }] },
    secA: { homeNodeId: tree.communityA.id, displayName: '书记甲', roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] },
    secB: { homeNodeId: tree.communityB.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityB.id }] },
    gridA: { homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] },
  };
  for (const [name, opts] of Object.entries(people)) id[name] = (await createUser(db, { username: name, ...opts })).id;
  for (const name of Object.keys(people)) token[name] = await loginAs(t.app, name, TEST_PASSWORD);

  // China time: 2026-03-01 23:30 and 2026-03-02 00:30 fall on different days there but the same day in UTC.
  const actorA = { userId: id.secA!, ip: '10.0.0.1', userAgent: 'test' };
  await recordAudit(db, actorA, new Date('2026-03-01T23:30:00+08:00'), {
    action: 'test.edit',
    objectType: 'thing',
    objectId: 'a1',
    orgNodeId: tree.gridA1.id,
    details: { note: 'late' },
  });
  await recordAudit(db, actorA, new Date('2026-03-02T00:30:00+08:00'), { action: 'test.view', objectType: 'thing', objectId: 'a2', orgNodeId: tree.communityA.id });
  await recordAudit(db, { userId: id.secB!, ip: null, userAgent: null }, new Date('2026-03-02T08:00:00+08:00'), {
    action: 'test.edit',
    objectType: 'thing',
    objectId: 'b1',
    orgNodeId: tree.gridB1.id,
  });
  await recordAudit(db, { userId: null, ip: null, userAgent: null }, new Date('2026-03-02T08:30:00+08:00'), { action: 'test.system', objectType: 'job' });
});
afterAll(() => t.close());

describe('audit log', () => {
  it('shows a community secretary the entries of their community only, newest first', async () => {
    const { res, items } = await list('secA', '?action=test.edit');
    expect(res.statusCode).toBe(200);
    expect(items.map((i) => i.objectId)).toEqual(['a1']);
    expect(items[0]).toMatchObject({
      action: 'test.edit',
      actor: { id: id.secA, displayName: '书记甲' },
      orgNodeId: tree.gridA1.id,
      orgNodeName: tree.gridA1.name,
      ip: '10.0.0.1',
      details: { note: 'late' },
    });
    const all = testRows((await list('secA', '?limit=200')).items);
    expect(all.map((i) => i.objectId)).toEqual(['a2', 'a1']);
    const b = testRows((await list('secB', '?limit=200')).items);
    expect(b.map((i) => i.objectId)).toEqual(['b1']);
  });

  it('shows a town admin both communities, and system admins the entries filed at no node', async () => {
    expect(testRows((await list('town', '?limit=200')).items).map((i) => i.objectId)).toEqual(['b1', 'a2', 'a1']);
    const sys = testRows((await list('sys', '?limit=200')).items);
    expect(sys.map((i) => i.action)).toEqual(['test.system', 'test.edit', 'test.view', 'test.edit']);
    expect(sys[0]).toMatchObject({ actor: null, orgNodeId: null, orgNodeName: null });
    // Narrowed to a node, even a system admin sees only that subtree.
    const underB = testRows((await list('sys', `?nodeId=${tree.communityB.id}`)).items);
    expect(underB.map((i) => i.objectId)).toEqual(['b1']);
  });

  it('refuses callers without audit.read, and nodes out of reach', async () => {
    const worker = await list('gridA');
    expect(worker.res.statusCode).toBe(403);
    expect(errorCode(worker.res)).toBe('forbidden');
    const otherCommunity = await list('secA', `?nodeId=${tree.communityB.id}`);
    expect(otherCommunity.res.statusCode).toBe(404);
    const above = await list('secA', `?nodeId=${tree.town.id}`);
    expect(above.res.statusCode).toBe(404);
    // The other community's actor and objects cannot be fished for either.
    expect((await list('town', `?actorId=${id.secB}`)).items.length).toBeGreaterThan(0);
    expect((await list('secA', `?actorId=${id.secB}`)).items).toEqual([]);
    expect((await list('secA', '?objectType=thing&objectId=b1')).items).toEqual([]);
  });

  it('filters by actor, object and China-time days', async () => {
    expect(testRows((await list('town', `?actorId=${id.secB}`)).items).map((i) => i.objectId)).toEqual(['b1']);
    expect((await list('town', '?objectType=thing&objectId=a2')).items.map((i) => i.objectId)).toEqual(['a2']);
    const march2 = testRows((await list('town', '?from=2026-03-02&to=2026-03-02')).items);
    expect(march2.map((i) => i.objectId)).toEqual(['b1', 'a2']);
    const march1 = testRows((await list('town', '?to=2026-03-01')).items);
    expect(march1.map((i) => i.objectId)).toEqual(['a1']);
    const instant = testRows((await list('town', `?from=${encodeURIComponent('2026-03-02T00:30:00+08:00')}&to=2026-03-02T07:59`)).items);
    expect(instant.map((i) => i.objectId)).toEqual(['a2']);
  });

  it('pages with a total', async () => {
    const first = await list('town', '?action=test.edit&limit=1');
    expect(first.res.json().total).toBe(2);
    expect(first.res.json().totalCapped).toBe(false);
    expect(first.items.map((i) => i.objectId)).toEqual(['b1']);
    // An object without a name (or with an id that is no number) has no label.
    expect(first.items[0]!.objectLabel).toBeNull();
    const second = await list('town', '?action=test.edit&limit=1&offset=1');
    expect(second.items.map((i) => i.objectId)).toEqual(['a1']);
  });

  it('answers bad filters with a clear 400', async () => {
    const badDate = await list('town', '?from=2026-02-30');
    expect(badDate.res.statusCode).toBe(400);
    expect(errorCode(badDate.res)).toBe('invalid_date');
    expect(badDate.res.json().error.message).toContain('from 须为日期');
    expect(errorCode((await list('town', '?to=yesterday')).res)).toBe('invalid_date');
    const reversed = await list('town', '?from=2026-03-03&to=2026-03-01');
    expect(errorCode(reversed.res)).toBe('invalid_range');
    const tooMany = await list('town', '?limit=201');
    expect(tooMany.res.statusCode).toBe(400);
    expect(errorCode(tooMany.res)).toBe('validation_failed');
  });

  it('records the changes made through the users API, visible to the right people', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(token.secA!),
      payload: { username: 'new.resident', displayName: '新居民', password: 'Welcome2026', homeNodeId: tree.gridA2.id },
    });
    expect(created.statusCode).toBe(201);
    const forA = (await list('secA', `?action=user.create&objectType=user&objectId=${created.json().id}`)).items;
    expect(forA).toHaveLength(1);
    // Named the way people know it: the user's name, not "user #id".
    expect(forA[0]).toMatchObject({ orgNodeId: tree.gridA2.id, actor: { id: id.secA }, objectLabel: '新居民' });
    expect((await list('secB', '?action=user.create')).items).toEqual([]);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${created.json().id}`,
      headers: bearer(token.secA!),
      payload: { displayName: '新居民甲', mobile: '13700137001' },
    });
    const [update] = (await list('secA', `?action=user.update&objectId=${created.json().id}`)).items;
    expect(update?.objectLabel).toBe('新居民甲');
    expect(update?.details).toEqual({
      changed: { displayName: { from: '新居民', to: '新居民甲' }, mobile: { from: null, to: '137****7001' } },
    });
  });
});
