import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities, hourEntries } from '../../db/schema/volunteers.js';
import { microWishes } from '../../db/schema/wishes.js';
import { bearer, createTestApp, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { insertVolunteer } from '../../../test/volunteers.js';

/**
 * Volunteering statistics: counted from the rows, by month and by child node, within the caller's reach. A town
 * sees its communities side by side; a community its grids; another community nothing (404); a resident 403.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const tokens: Record<string, string> = {};
let token = 0;

async function activity(nodeId: number, communityId: number | null, startsAt: string, status: 'published' | 'cancelled' = 'published') {
  const at = new Date(startsAt);
  const [row] = await t.database.db
    .insert(activities)
    .values({
      nodeId,
      communityId,
      title: '敲门行动',
      category: 'elderly_care',
      startsAt: at,
      endsAt: new Date(at.getTime() + 2 * 3_600_000),
      capacity: 10,
      signupDeadline: at,
      checkinToken: `stats-${++token}`,
      status,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: activities.id });
  return row!.id;
}

async function entry(volunteerId: number, activityId: number | null, nodeId: number, communityId: number | null, serviceDate: string, minutes: number, status: 'confirmed' | 'pending' = 'confirmed') {
  await t.database.db.insert(hourEntries).values({
    volunteerId,
    activityId,
    nodeId,
    communityId,
    serviceDate,
    minutes,
    status,
    recordedAt: new Date(`${serviceDate}T12:00:00+08:00`),
  });
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-20T10:00:00+08:00');
  tree = await createOrgTree(t.database.db, 'Vs');
  const users = [
    { username: 'vs.town', homeNodeId: tree.town.id, roles: [{ role: 'town_admin', orgNodeId: tree.town.id }] },
    { username: 'vs.staffA', homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] },
    { username: 'vs.staffB', homeNodeId: tree.communityB.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityB.id }] },
    { username: 'vs.resident', homeNodeId: tree.gridA1.id, roles: [{ role: 'resident', orgNodeId: tree.gridA1.id }] },
  ];
  for (const u of users) {
    await createUser(t.database.db, u);
    tokens[u.username] = await loginAs(t.app, u.username, TEST_PASSWORD);
  }
  const A = tree.communityA.id;
  const B = tree.communityB.id;
  const li = await insertVolunteer(t.database.db, { name: '李红梅', nodeId: tree.gridA1.id, communityId: A, at: new Date('2026-03-05T09:00:00+08:00') });
  const zhao = await insertVolunteer(t.database.db, { name: '赵志强', nodeId: tree.gridA2.id, communityId: A, at: new Date('2026-10-10T09:00:00+08:00') });
  const bao = await insertVolunteer(t.database.db, { name: '包格日乐', nodeId: tree.gridB1.id, communityId: B, at: new Date('2026-10-12T09:00:00+08:00') });
  await insertVolunteer(t.database.db, { name: '去年的志愿者', nodeId: A, communityId: A, at: new Date('2024-01-01T09:00:00+08:00') });

  const a1 = await activity(tree.gridA1.id, A, '2026-10-08T09:00:00+08:00');
  const a2 = await activity(A, A, '2026-11-03T09:00:00+08:00');
  await activity(A, A, '2026-11-04T09:00:00+08:00', 'cancelled');
  const b1 = await activity(tree.gridB1.id, B, '2026-11-05T09:00:00+08:00');
  const townDay = await activity(tree.town.id, null, '2026-11-06T09:00:00+08:00');

  await entry(li, a1, tree.gridA1.id, A, '2026-10-08', 120);
  await entry(zhao, a1, tree.gridA1.id, A, '2026-10-08', 90);
  await entry(li, a2, A, A, '2026-11-03', 60);
  await entry(zhao, a2, A, A, '2026-11-03', 60, 'pending');
  await entry(bao, b1, tree.gridB1.id, B, '2026-11-05', 180);
  await entry(li, townDay, tree.town.id, null, '2026-11-06', 240);
  // Outside the default period (last 12 months): not counted.
  await entry(li, null, A, A, '2025-10-31', 600);
  // A wish realised in grid A1 in November, one still open.
  for (const [status, realisedAt] of [['realised', new Date('2026-11-10T10:00:00+08:00')], ['published', null]] as const) {
    await t.database.db.insert(microWishes).values({
      nodeId: tree.gridA1.id,
      communityId: A,
      recipientName: '张桂兰',
      publicName: '张奶奶',
      kind: 'goods',
      title: '一根拐杖',
      deadline: '2026-12-31',
      status,
      realisedAt,
      claimedShares: status === 'realised' ? 1 : 0,
      createdAt: new Date('2026-11-01T10:00:00+08:00'),
      updatedAt: new Date('2026-11-01T10:00:00+08:00'),
    });
  }
});
afterAll(() => t.close());

const stats = (who: string, query: string) => t.app.inject({ method: 'GET', url: `/api/v1/volunteer-stats?${query}`, headers: bearer(tokens[who]!) });

describe('volunteer statistics', () => {
  it('counts a community from its rows: confirmed hours only, cancelled activities left out, by month and by grid', async () => {
    const res = await stats('vs.staffA', `nodeId=${tree.communityA.id}`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ from: '2025-12-01', to: '2026-11-20' });
    expect(s.totals).toEqual({ volunteers: 3, teams: 0, openEntries: 1, newVolunteers: 2, activities: 2, participants: 2, confirmedHours: 4.5, wishesRealised: 1 });
    expect(s.months).toHaveLength(12);
    expect(s.months.find((m: { month: string }) => m.month === '2026-10')).toEqual({ month: '2026-10', newVolunteers: 1, activities: 1, participants: 2, confirmedHours: 3.5, wishesRealised: 0 });
    expect(s.months.find((m: { month: string }) => m.month === '2026-11')).toEqual({ month: '2026-11', newVolunteers: 0, activities: 1, participants: 1, confirmedHours: 1, wishesRealised: 1 });
    const grid = s.children.find((c: { nodeId: number | null }) => c.nodeId === tree.gridA1.id);
    expect(grid).toMatchObject({ name: tree.gridA1.name, volunteers: 1, activities: 1, confirmedHours: 3.5 });
    const atCommunity = s.children.find((c: { nodeId: number | null }) => c.nodeId === null);
    expect(atCommunity).toMatchObject({ activities: 1, confirmedHours: 1, volunteers: 1 });
  });

  it('puts a town’s communities side by side, with the town’s own activity at the town itself', async () => {
    const s = (await stats('vs.town', `nodeId=${tree.town.id}&from=2026-10-01&to=2026-11-30`)).json();
    expect(s.totals).toMatchObject({ volunteers: 4, newVolunteers: 2, activities: 4, participants: 3, confirmedHours: 11.5 });
    const byId = new Map(s.children.map((c: { nodeId: number | null }) => [c.nodeId, c]));
    expect(byId.get(tree.communityA.id)).toMatchObject({ volunteers: 3, activities: 2, confirmedHours: 4.5 });
    expect(byId.get(tree.communityB.id)).toMatchObject({ volunteers: 1, activities: 1, confirmedHours: 3 });
    expect(byId.get(null)).toMatchObject({ name: tree.town.name, activities: 1, confirmedHours: 4 });
  });

  it('keeps a grid to its own rows', async () => {
    const s = (await stats('vs.staffA', `nodeId=${tree.gridA1.id}&from=2026-10-01&to=2026-11-30`)).json();
    expect(s.totals).toMatchObject({ volunteers: 1, activities: 1, participants: 2, confirmedHours: 3.5 });
  });

  it('is 404 outside the caller’s reach, 403 without volunteers.read, 400 for a bad period', async () => {
    expect((await stats('vs.staffB', `nodeId=${tree.communityA.id}`)).statusCode).toBe(404);
    expect((await stats('vs.resident', `nodeId=${tree.gridA1.id}`)).statusCode).toBe(403);
    const reversed = await stats('vs.staffA', `nodeId=${tree.communityA.id}&from=2026-11-01&to=2026-10-01`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.code).toBe('period_invalid');
    expect((await stats('vs.staffA', `nodeId=${tree.communityA.id}&from=2025-01-01&to=2026-11-01`)).json().error.code).toBe('period_too_long');
    expect((await stats('vs.staffA', `nodeId=${tree.communityA.id}&from=2026-13-01`)).statusCode).toBe(400);
  });
});
