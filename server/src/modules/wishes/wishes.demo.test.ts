import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persons } from '../../db/schema/registry.js';
import { microWishes } from '../../db/schema/wishes.js';
import { loadDemoPerson, type DemoSession } from '../../platform/demo.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser } from '../../../test/factories.js';
import { addHousehold, addPerson } from '../../../test/registryRows.js';
import { insertVolunteer } from '../../../test/volunteers.js';
import { seedWishesDemo } from './wishes.demo.js';
import { postPlacesMatchClaims, wishSharesMatchClaims, wishTimelinesMatch } from './wishes.invariants.js';

let t: TestApp;
let session: DemoSession;
const volunteerIds: number[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const tree = await createOrgTree(db, 'WD');
  const now = t.clock.now();
  await createUser(db, { username: 'wd_staff', homeNodeId: tree.communityA.id, displayName: '社工小李', roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] });
  await createUser(db, { username: 'wd_grid', homeNodeId: tree.gridA1.id, displayName: '网格员小王', roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] });
  const h = await addHousehold(db, { nodeId: tree.unitA1.id, gridId: tree.gridA1.id, communityId: tree.communityA.id }, now);
  const people: [string, 'male' | 'female', string][] = [
    ['李秀英', 'female', '1948-05-01'],
    ['王桂兰', 'female', '1950-02-01'],
    ['张德福', 'male', '1944-09-09'],
    ['刘淑芬', 'female', '1952-11-11'],
    ['赵国庆', 'male', '1949-10-01'],
    ['孙小雨', 'female', '2017-04-01'],
    ['周子轩', 'male', '2018-08-08'],
    ['陈建华', 'male', '1985-03-03'],
  ];
  for (const [name, gender, birthDate] of people) {
    const p = await addPerson(db, { name, household: h }, now);
    await db.update(persons).set({ gender, birthDate }).where(eq(persons.id, p.id));
  }
  for (let i = 0; i < 4; i++) {
    const u = await createUser(db, { username: `wd_vol${i}`, homeNodeId: tree.gridA1.id, displayName: `志愿者${i}号`, roles: [{ role: 'resident', orgNodeId: tree.gridA1.id }] });
    volunteerIds.push(await insertVolunteer(db, { name: `志愿者${i}号`, nodeId: tree.gridA1.id, communityId: tree.communityA.id, userId: u.id, politicalStatus: i < 2 ? 'party_member' : 'masses' }));
  }
  session = { ctx: t.app.ctx, clock: t.clock, until: t.clock.now(), out: { log: () => {}, tty: false }, person: (u) => loadDemoPerson(db, u) };
});

afterAll(async () => {
  await t?.close();
});

describe('the wishes demo', () => {
  it('drives the services into wishes of every state and a party demo, once', async () => {
    const result = await seedWishesDemo(session, volunteerIds);
    expect(result).toEqual({ skipped: false, wishes: 8, realised: 3, returned: 1, partyMembers: 3, posts: 2, serviceLogs: 9 });
    const rows = await t.database.db.select().from(microWishes);
    const byStatus = (s: string) => rows.filter((r) => r.status === s).length;
    expect([byStatus('realised'), byStatus('fulfilled'), byStatus('published'), byStatus('pending'), byStatus('rejected')]).toEqual([3, 1, 2, 1, 1]);
    expect(rows.find((r) => r.title === '一根四脚助行拐杖')!.publicName).toMatch(/^.奶奶$/);
    expect(rows.find((r) => r.title === '想要几本课外书')!.totalShares).toBe(3);
    // The counters agree with the rows they count.
    expect(await wishSharesMatchClaims(t.database.db)).toEqual([]);
    expect(await wishTimelinesMatch(t.database.db)).toEqual([]);
    expect(await postPlacesMatchClaims(t.database.db)).toEqual([]);
    expect(t.clock.now().getTime()).toBe(session.until.getTime());
    expect((await seedWishesDemo(session, volunteerIds)).skipped).toBe(true);
  });
});
