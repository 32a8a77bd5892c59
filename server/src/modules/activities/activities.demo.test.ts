import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activitySignups, hourEntries } from '../../db/schema/volunteers.js';
import { loadDemoPerson, type DemoPerson, type DemoSession } from '../../platform/demo.js';
import { TestClock } from '../../platform/clock.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser } from '../../../test/factories.js';
import { insertVolunteer } from '../../../test/volunteers.js';
import { confirmedMinutesRecount, recordsFollowCheckouts, signedUpRecount } from './activities.invariants.js';
import { seedActivitiesDemo } from './activities.demo.js';

let t: TestApp;
let session: DemoSession;
const volunteerIds: number[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const tree = await createOrgTree(db, 'AD');
  await createUser(db, { username: 'baoli.staff', homeNodeId: tree.communityA.id, displayName: '王丽娜', roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] });
  for (const [i, name] of ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇'].entries()) {
    volunteerIds.push(await insertVolunteer(db, { name, nodeId: tree.gridA1.id, communityId: tree.communityA.id, birthDate: `19${70 + i}-04-0${(i % 9) + 1}` }));
  }
  const clock = new TestClock('2026-11-20T12:00:00+08:00');
  const people = new Map<string, DemoPerson>();
  const ctx = { ...t.app.ctx, clock };
  session = {
    ctx,
    clock,
    until: clock.now(),
    out: { log: () => undefined, tty: false },
    async person(username) {
      let p = people.get(username);
      if (!p) people.set(username, (p = await loadDemoPerson(db, username)));
      return p;
    },
  };
});

afterAll(async () => {
  await t?.close();
});

describe('activities demo', () => {
  it('drives the services: past activities with confirmed hours, a flagged auto check-out, a late record, coming activities', async () => {
    const result = await seedActivitiesDemo(session, volunteerIds);
    expect(result.skipped).toBe(false);
    expect(result.activities).toBe(10);
    expect(result.autoCheckedOut).toBe(1);
    expect(result.confirmed).toBeGreaterThan(10);
    expect(result.awaitingApproval).toBeGreaterThan(0);
    const db = t.database.db;
    const flagged = await db.select().from(hourEntries).where(eq(hourEntries.flagged, true));
    expect(flagged).toHaveLength(1);
    const corrections = await db.select().from(hourEntries).where(eq(hourEntries.kind, 'correction'));
    expect(corrections).toHaveLength(1);
    const [waiting] = await db.select({ n: sql<number>`count(*)::int` }).from(activitySignups).where(eq(activitySignups.status, 'waitlisted'));
    expect(waiting!.n).toBeGreaterThan(0);
    expect(await confirmedMinutesRecount(db)).toEqual([]);
    expect(await signedUpRecount(db)).toEqual([]);
    expect(await recordsFollowCheckouts(db)).toEqual([]);
    expect((await seedActivitiesDemo(session, volunteerIds)).skipped).toBe(true);
  });
});
