import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeServiceRequests, serviceItems } from '../../../db/schema/services.js';
import { requests } from '../../../db/schema/requests.js';
import { loadDemoPerson, type DemoSession } from '../../../platform/demo.js';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { createOrgTree, createUser } from '../../../../test/factories.js';
import { addHousehold, addPerson, addTag } from '../../../../test/registryRows.js';
import { seedServiceGuideDemo } from './guide.demo.js';

let t: TestApp;
let session: DemoSession;
let tree: Awaited<ReturnType<typeof createOrgTree>>;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createOrgTree(db, 'GD');
  const now = t.clock.now();
  await createUser(db, { username: 'gd_admin', homeNodeId: tree.region.id, roles: [{ role: 'region_admin', orgNodeId: tree.region.id }] });
  await createUser(db, { username: 'gd_staffA', homeNodeId: tree.communityA.id, displayName: '社工小李', roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] });
  await createUser(db, { username: 'gd_staffB', homeNodeId: tree.communityB.id, displayName: '社工其其格', roles: [{ role: 'community_staff', orgNodeId: tree.communityB.id }] });
  await createUser(db, { username: 'gd_grid', homeNodeId: tree.gridA1.id, displayName: '网格员小王', roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] });
  await createUser(db, { username: 'gd_res', homeNodeId: tree.unitA1.id, displayName: '刘建国', roles: [{ role: 'resident', orgNodeId: tree.gridA1.id }] });
  const tag = await addTag(db, tree.communityA.id, 'living_alone', '独居老人', now);
  const h1 = await addHousehold(db, { nodeId: tree.unitA1.id, gridId: tree.gridA1.id, communityId: tree.communityA.id, door: '101' }, now);
  const h2 = await addHousehold(db, { nodeId: tree.unitA1.id, gridId: tree.gridA1.id, communityId: tree.communityA.id, door: '502' }, now);
  await addPerson(db, { name: '王秀兰', household: h1, tagIds: [tag.id] }, now);
  await addPerson(db, { name: '刘桂芬', household: h2, tagIds: [tag.id] }, now);
  session = { ctx: t.app.ctx, clock: t.clock, until: t.clock.now(), out: { log: () => {}, tty: false }, person: (u) => loadDemoPerson(db, u) };
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('the service guide demo', () => {
  it('publishes the template, has two communities adopt it and files three home-service requests, once', async () => {
    const result = await seedServiceGuideDemo(session);
    expect(result).toEqual({ skipped: false, templates: 20, communities: 2, adopted: 40, homeRequests: 3 });
    const db = t.database.db;
    expect(await db.select().from(serviceItems).where(eq(serviceItems.nodeId, tree.communityA.id))).toHaveLength(21);
    const tagged = await db.select({ kind: homeServiceRequests.kind, status: requests.status }).from(homeServiceRequests).innerJoin(requests, eq(requests.id, homeServiceRequests.requestId));
    expect(tagged.map((r) => r.kind).sort()).toEqual(['at_home', 'on_behalf', 'on_behalf']);
    expect(t.clock.now().getTime()).toBe(session.until.getTime());
    expect((await seedServiceGuideDemo(session)).skipped).toBe(true);
  });
});
