import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { hourEntries } from '../../db/schema/volunteers.js';
import { loadDemoPerson, type DemoSession } from '../../platform/demo.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser } from '../../../test/factories.js';
import { insertVolunteer } from '../../../test/volunteers.js';
import { seedPointsDemo } from './points.demo.js';
import { pointsViolations } from './points.invariants.js';

let t: TestApp;
let session: DemoSession;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const ids: number[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createOrgTree(db, 'PD');
  await createUser(db, { username: 'pd.staff', homeNodeId: tree.communityB.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityB.id }] });
  await createUser(db, { username: 'pd.town', homeNodeId: tree.town.id, roles: [{ role: 'town_admin', orgNodeId: tree.town.id }] });
  const at = new Date('2026-01-01T00:00:00Z');
  for (const name of ['乌云', '巴图', '其其格']) ids.push(await insertVolunteer(db, { name, nodeId: tree.gridB1.id, communityId: tree.communityB.id, at }));
  ids.push(await insertVolunteer(db, { name: '外社区', nodeId: tree.gridA1.id, communityId: tree.communityA.id, at }));
  // Confirmed service the activities module would have written.
  for (const [i, id] of ids.entries()) {
    await db.insert(hourEntries).values({ volunteerId: id, nodeId: tree.communityB.id, communityId: tree.communityB.id, serviceDate: '2026-02-10', minutes: 120 + 30 * i, status: 'confirmed', recordedAt: at, decidedAt: at });
    await db.execute(sql`update volunteers set confirmed_minutes = confirmed_minutes + ${120 + 30 * i} where id = ${id}`);
  }
  const ctx = t.app.ctx;
  session = {
    ctx,
    clock: t.clock,
    until: t.clock.now(),
    out: { log: () => {}, tty: false },
    person: (username) => loadDemoPerson(ctx.db, username),
  };
});

afterAll(async () => {
  await t?.close();
});

describe('points demo', () => {
  it('opens a store with goods and stock, awards service and a few volunteers, and redeems twice (one handed over)', async () => {
    const result = await seedPointsDemo(session, ids, { communityId: tree.communityB.id, staff: 'pd.staff', configurer: 'pd.town' });
    expect(result).toMatchObject({ skipped: false, goods: 8, awardedEntries: 4, adjustments: 3, redemptions: 2 });
    const db = t.database.db;
    const statuses = await queryRows<{ status: string }>(db, sql`select status from store_redemptions order by id`);
    expect(statuses.map((s) => s.status)).toEqual(['handed_over', 'open']);
    const stock = await queryRows<{ n: number }>(db, sql`select sum(stock)::int as n from store_goods where node_id = ${tree.communityB.id}`);
    expect(stock[0]!.n).toBe(275 - 2);
    const reasons = await queryRows<{ reason: string }>(db, sql`select reason from point_postings where kind = 'adjustment'`);
    expect(reasons.every((r) => r.reason.length > 0)).toBe(true);
    expect(await pointsViolations(db)).toEqual([]);
    expect((await seedPointsDemo(session, ids, { communityId: tree.communityB.id, staff: 'pd.staff', configurer: 'pd.town' })).skipped).toBe(true);
  });
});
