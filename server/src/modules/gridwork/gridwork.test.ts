import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitOverdueNotices } from '../../db/schema/gridwork.js';
import { notifications } from '../../db/schema/platform.js';
import { careTags, personTags } from '../../db/schema/registry.js';
import { roleAssignments } from '../../db/schema/users.js';
import { updateOrgNode, insertOrgNode } from '../../modules/org/org.repo.js';
import { createTestApp, errorCode, type TestApp } from '../../../test/app.js';
import { addHousehold, addPerson, addTag } from '../../../test/registryRows.js';
import { POINT, rect, requestWorld, type World } from '../../../test/requests.js';
import { OVERDUE_JOB, sendOverdueNotices } from './overdue.job.js';
import { seedDefaultVisitRules } from './rules.service.js';

let t: TestApp;
let w: World;
const DAY = 86_400_000;
const ids = {} as Record<'livingAlone' | 'dibao' | 'hA1' | 'hA2' | 'hB1' | 'zhang' | 'li' | 'wang' | 'zhao' | 'buildingA2', number>;
let start: Date;

beforeAll(async () => {
  t = await createTestApp();
  w = await requestWorld(t, 'GW');
  const db = t.database.db;
  start = t.clock.now();
  const tree = w.tree;
  await updateOrgNode(db, tree.buildingA1.id, { polygon: rect(109.8801, 40.6501, 109.8803, 40.6503) }, start);
  const buildingA2 = await insertOrgNode(db, { parentId: tree.gridA1.id, kind: 'building', name: '2号楼' });
  await updateOrgNode(db, buildingA2.id, { polygon: rect(109.8830, 40.6520, 109.8832, 40.6522) }, start);
  const buildingB = await insertOrgNode(db, { parentId: tree.gridB1.id, kind: 'building', name: '草原1号楼' });
  ids.buildingA2 = buildingA2.id;
  const livingAlone = await addTag(db, tree.region.id, 'living_alone', '独居老人', start);
  const dibao = await addTag(db, tree.region.id, 'dibao', '低保', start);
  ids.livingAlone = livingAlone.id;
  ids.dibao = dibao.id;
  expect(await seedDefaultVisitRules(db, start)).toBe(2);
  expect(await seedDefaultVisitRules(db, start)).toBe(0);
  const hA1 = await addHousehold(db, { nodeId: tree.unitA1.id, gridId: tree.gridA1.id, communityId: tree.communityA.id, door: '101' }, start);
  const hA1b = await addHousehold(db, { nodeId: buildingA2.id, gridId: tree.gridA1.id, communityId: tree.communityA.id, door: '202' }, start);
  const gridA2Building = await insertOrgNode(db, { parentId: tree.gridA2.id, kind: 'building', name: '5号楼' });
  const hA2 = await addHousehold(db, { nodeId: gridA2Building.id, gridId: tree.gridA2.id, communityId: tree.communityA.id }, start);
  const hB1 = await addHousehold(db, { nodeId: buildingB.id, gridId: tree.gridB1.id, communityId: tree.communityB.id }, start);
  ids.hA1 = hA1.id;
  ids.hA2 = hA2.id;
  ids.hB1 = hB1.id;
  ids.zhang = (await addPerson(db, { name: '张大爷', pinyin: 'zhangdaye', household: hA1, tagIds: [livingAlone.id], userId: w.id.residentA }, start)).id;
  ids.zhao = (await addPerson(db, { name: '赵奶奶', pinyin: 'zhaonainai', household: hA1b, tagIds: [livingAlone.id, dibao.id] }, start)).id;
  ids.li = (await addPerson(db, { name: '李大妈', household: hA2, tagIds: [livingAlone.id] }, start)).id;
  ids.wang = (await addPerson(db, { name: '王大爷', household: hB1, tagIds: [livingAlone.id] }, start)).id;
});

afterAll(async () => {
  await t?.close();
});

const visit = (personIds: number[], extra: Record<string, unknown> = {}) => ({ kind: 'visit', mode: 'home', personIds, note: '身体还好', ...extra });

describe('work log scope', () => {
  it('a grid worker logs a visit in their grid and reads it back', async () => {
    const res = await w.api('gridA1', 'POST', '/gridwork/logs', visit([ids.zhang], { householdId: ids.hA1 }));
    expect(res.statusCode).toBe(201);
    const log = res.json();
    expect(log.kind).toBe('visit');
    expect(log.node.id).toBe(w.tree.unitA1.id);
    expect(log.gridId).toBe(w.tree.gridA1.id);
    expect(log.persons).toEqual([{ id: ids.zhang, name: '张大爷' }]);
    expect((await w.api('gridA1', 'GET', `/gridwork/logs/${log.id}`)).statusCode).toBe(200);
    expect((await w.api('staffA', 'GET', `/gridwork/logs/${log.id}`)).statusCode).toBe(200);
    // Another grid's worker and another community's staff: it does not exist for them.
    expect((await w.api('gridA2', 'GET', `/gridwork/logs/${log.id}`)).statusCode).toBe(404);
    expect((await w.api('staffB', 'GET', `/gridwork/logs/${log.id}`)).statusCode).toBe(404);
    const listA2 = (await w.api('gridA2', 'GET', '/gridwork/logs')).json();
    expect(listA2.items.map((i: { id: number }) => i.id)).not.toContain(log.id);
    expect((await w.api('gridA2', 'GET', `/gridwork/logs?nodeId=${w.tree.gridA1.id}`)).statusCode).toBe(404);
  });

  it('refuses to log at or about another grid or community: 404', async () => {
    const atA2 = await w.api('gridA1', 'POST', '/gridwork/logs', { kind: 'hazard_check', nodeId: w.tree.gridA2.id, note: '消防通道' });
    expect(atA2.statusCode).toBe(404);
    const personA2 = await w.api('gridA1', 'POST', '/gridwork/logs', visit([ids.li], { nodeId: w.tree.gridA1.id }));
    expect(personA2.statusCode).toBe(404);
    const otherCommunity = await w.api('gridA1', 'POST', '/gridwork/logs', visit([ids.wang]));
    expect(otherCommunity.statusCode).toBe(404);
    const household = await w.api('gridA1', 'POST', '/gridwork/logs', { kind: 'errand', householdId: ids.hB1, note: '代办' });
    expect(household.statusCode).toBe(404);
    // A resident has no gridwork.log at their node: visible, not permitted.
    expect((await w.api('residentA', 'POST', '/gridwork/logs', { kind: 'patrol', nodeId: w.tree.gridA1.id })).statusCode).toBe(403);
  });

  it('checks its input: a visit needs a mode and people, bad input is 400 with a stable code', async () => {
    expect(errorCode(await w.api('gridA1', 'POST', '/gridwork/logs', { kind: 'visit', personIds: [ids.zhang] }))).toBe('work_log_mode_required');
    expect(errorCode(await w.api('gridA1', 'POST', '/gridwork/logs', { kind: 'visit', mode: 'home', nodeId: w.tree.gridA1.id }))).toBe('work_log_persons_required');
    expect(errorCode(await w.api('gridA1', 'POST', '/gridwork/logs', { kind: 'cooking', nodeId: w.tree.gridA1.id }))).toBe('validation_failed');
    expect(errorCode(await w.api('gridA1', 'POST', '/gridwork/logs', { kind: 'hazard_check', nodeId: w.tree.gridA1.id, lng: 109.88 }))).toBe('work_log_point_invalid');
    expect(errorCode(await w.api('gridA1', 'POST', '/gridwork/logs', { kind: 'errand', nodeId: w.tree.gridA1.id, request: { content: '路灯坏了' } }))).toBe(
      'work_log_request_patrol_only',
    );
  });
});

describe('patrol finding → request', () => {
  it('files a request with channel patrol at the point and links it, in one step', async () => {
    const [lng, lat] = POINT.gridA1;
    const res = await w.api('gridA1', 'POST', '/gridwork/logs', {
      kind: 'patrol',
      nodeId: w.tree.gridA1.id,
      lng,
      lat,
      note: '巡查发现井盖破损',
      request: { content: '3号楼东侧井盖破损，存在安全隐患' },
    });
    expect(res.statusCode).toBe(201);
    const log = res.json();
    expect(log.request?.number).toMatch(/^LX/);
    const request = await w.api('staffA', 'GET', `/requests/${log.request.id}`);
    expect(request.statusCode).toBe(200);
    expect(request.json().channel).toBe('patrol');
    expect(request.json().orgNodeId ?? request.json().node?.id).toBe(w.tree.gridA1.id);
  });
});

describe('household timeline', () => {
  it('shows work about the household and its members, and requests members filed', async () => {
    const filed = await w.api('residentA', 'POST', '/requests', { channel: 'resident', content: '楼道灯坏了请修理', location: { orgNodeId: w.tree.gridA1.id } });
    expect(filed.statusCode).toBe(201);
    const res = await w.api('gridA1', 'GET', `/gridwork/households/${ids.hA1}/timeline`);
    expect(res.statusCode).toBe(200);
    const kinds = res.json().items.map((i: { kind: string }) => i.kind);
    expect(kinds).toContain('work_log');
    expect(kinds).toContain('request');
    expect(res.json().items.find((i: { kind: string }) => i.kind === 'request').request.id).toBe(filed.json().id);
    expect((await w.api('gridA2', 'GET', `/gridwork/households/${ids.hA1}/timeline`)).statusCode).toBe(404);
    expect((await w.api('staffB', 'GET', `/gridwork/households/${ids.hA1}/timeline`)).statusCode).toBe(404);
  });

  it('finds households by name, pinyin and door in the worker’s grid only', async () => {
    const byPinyin = (await w.api('gridA1', 'GET', '/gridwork/households?q=zhaonai')).json();
    expect(byPinyin.items.map((i: { persons: { name: string }[] }) => i.persons[0]!.name)).toEqual(['赵奶奶']);
    expect((await w.api('gridA1', 'GET', `/gridwork/households?q=${encodeURIComponent('李大妈')}`)).json().items).toEqual([]);
  });
});

describe('visit plans on a test clock', () => {
  it('due soon, due, overdue; a visit resets the plan; nearest first with a point', async () => {
    // 张大爷 was visited at `start` (first test); 赵奶奶 never: due 7 days after her tag was added.
    t.clock.set(new Date(start.getTime() + 5 * DAY));
    await w.relogin('gridA1', 'gridA2');
    let due = (await w.api('gridA1', 'GET', '/gridwork/due')).json();
    expect(due.items.map((i: { personId: number; status: string }) => [i.personId, i.status])).toEqual([
      [ids.zhang, 'due_soon'],
      [ids.zhao, 'due_soon'],
    ]);
    expect(due.items[0].tags).toEqual([{ code: 'living_alone', name: '独居老人' }]);
    t.clock.set(new Date(start.getTime() + 7 * DAY));
    await w.relogin('gridA1');
    due = (await w.api('gridA1', 'GET', '/gridwork/due')).json();
    expect(due.items.every((i: { status: string }) => i.status === 'due')).toBe(true);
    t.clock.set(new Date(start.getTime() + 9 * DAY));
    await w.relogin('gridA1', 'gridA2', 'staffA', 'staffB', 'county');
    due = (await w.api('gridA1', 'GET', '/gridwork/due')).json();
    expect(due.items.map((i: { status: string; overdueDays: number }) => [i.status, i.overdueDays])).toEqual([
      ['overdue', 2],
      ['overdue', 2],
    ]);
    // Nearest first: standing at 2号楼, 赵奶奶 comes before 张大爷.
    const near = (await w.api('gridA1', 'GET', '/gridwork/due?lng=109.8831&lat=40.6521')).json();
    expect(near.items.map((i: { personId: number }) => i.personId)).toEqual([ids.zhao, ids.zhang]);
    expect(near.items[0].distanceM).toBeLessThan(near.items[1].distanceM);
    // The other grid's worker sees only their own people.
    expect((await w.api('gridA2', 'GET', '/gridwork/due')).json().items.map((i: { personId: number }) => i.personId)).toEqual([ids.li]);
    // A phone visit to 赵奶奶 takes her off the list.
    expect((await w.api('gridA1', 'POST', '/gridwork/logs', visit([ids.zhao], { mode: 'phone' }))).statusCode).toBe(201);
    due = (await w.api('gridA1', 'GET', '/gridwork/due')).json();
    expect(due.items.map((i: { personId: number }) => i.personId)).toEqual([ids.zhang]);
  });

  it('the nearest node’s rule wins', async () => {
    const set = await w.api('county', 'PUT', '/gridwork/rules', { nodeId: w.tree.communityB.id, tagId: ids.livingAlone, intervalDays: 30, overdueNoticeDays: 5 });
    expect(set.statusCode).toBe(200);
    expect(set.json().items.find((r: { tag: { code: string } }) => r.tag.code === 'living_alone')).toMatchObject({ intervalDays: 30, inherited: false });
    const atA = (await w.api('staffA', 'GET', `/gridwork/rules?nodeId=${w.tree.communityA.id}`)).json();
    expect(atA.items.find((r: { tag: { code: string } }) => r.tag.code === 'living_alone')).toMatchObject({ intervalDays: 7, inherited: true });
    // Grid workers read rules but do not set them; outside the caller's reach the node does not exist.
    expect((await w.api('gridA1', 'PUT', '/gridwork/rules', { nodeId: w.tree.gridA1.id, tagId: ids.livingAlone, intervalDays: 3, overdueNoticeDays: 1 })).statusCode).toBe(403);
    expect((await w.api('staffA', 'PUT', '/gridwork/rules', { nodeId: w.tree.communityB.id, tagId: ids.livingAlone, intervalDays: 3, overdueNoticeDays: 1 })).statusCode).toBe(404);
    await w.relogin('gridB1');
    const gridB = (await w.api('gridB1', 'GET', '/gridwork/due')).json();
    expect(gridB.items).toEqual([]); // 王大爷: due after 30 days at community B, not yet
    // A rule at grid A1 (nearer than the region's) changes 张大爷's plan; removing it brings the region's back.
    const own = await w.api('county', 'PUT', '/gridwork/rules', { nodeId: w.tree.gridA1.id, tagId: ids.livingAlone, intervalDays: 3, overdueNoticeDays: 1 });
    const ruleId = own.json().items.find((r: { tag: { code: string } }) => r.tag.code === 'living_alone').id;
    const zhang = async () => (await w.api('gridA1', 'GET', '/gridwork/due')).json().items.find((i: { personId: number }) => i.personId === ids.zhang);
    expect(await zhang()).toMatchObject({ intervalDays: 3, overdueDays: 6 });
    expect((await w.api('county', 'DELETE', `/gridwork/rules/${ruleId}`)).statusCode).toBe(200);
    expect(await zhang()).toMatchObject({ intervalDays: 7, overdueDays: 2 });
  });

  it('shows only the care tags the worker’s role may see', async () => {
    const hidden = await addTag(t.database.db, w.tree.region.id, 'secret_case', '特殊个案', t.clock.now());
    await t.database.db.update(careTags).set({ visibleToRoles: ['community_staff'] }).where(eq(careTags.id, hidden.id));
    await t.database.db.insert(personTags).values({ personId: ids.zhang, tagId: hidden.id, addedAt: start });
    expect((await w.api('county', 'PUT', '/gridwork/rules', { nodeId: w.tree.county.id, tagId: hidden.id, intervalDays: 2, overdueNoticeDays: 1 })).statusCode).toBe(200);
    const item = (await w.api('gridA1', 'GET', '/gridwork/due')).json().items.find((i: { personId: number }) => i.personId === ids.zhang);
    expect(item.intervalDays).toBe(2);
    expect(item.tags.map((x: { code: string }) => x.code)).toEqual(['living_alone']);
    await t.database.db.update(personTags).set({ removedAt: t.clock.now() }).where(eq(personTags.tagId, hidden.id));
  });
});

describe('coverage', () => {
  it('counts visits due in the period made on time, per grid and per worker', async () => {
    // Period = start .. today (start+9). 张大爷: tagged and visited on day 0 (the same day counts for nothing), due
    // day 7, not visited → due 1, late. 赵奶奶: due day 7, visited day 9 → due 1, late. 李大妈 (grid A2): never → late.
    const from = new Date(start.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const q = `/gridwork/coverage?nodeId=${w.tree.communityA.id}&from=${from}`;
    let cov = (await w.api('staffA', 'GET', q)).json();
    expect(cov.total).toEqual({ due: 3, onTime: 0, rate: 0 });
    // 李大妈 is visited by the A2 worker on day 9 (late), then again within 7 days: on time for the next due date.
    expect((await w.api('gridA2', 'POST', '/gridwork/logs', visit([ids.li]))).statusCode).toBe(201);
    t.clock.set(new Date(start.getTime() + 15 * DAY));
    await w.relogin('gridA2', 'staffA', 'gridA1', 'staffB');
    expect((await w.api('gridA2', 'POST', '/gridwork/logs', visit([ids.li]))).statusCode).toBe(201);
    const to = new Date(start.getTime() + 20 * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
    cov = (await w.api('staffA', 'GET', `${q}&to=${to}`)).json();
    // Until day 20: 李大妈 late for day 7 (visit day 9), then on time for day 16 (visit day 15).
    expect(cov.total).toEqual({ due: 4, onTime: 1, rate: 0.25 });
    const a2 = cov.grids.find((g: { gridId: number }) => g.gridId === w.tree.gridA2.id);
    expect(a2).toMatchObject({ due: 2, onTime: 1, rate: 0.5, people: 1 });
    const worker = cov.workers.find((x: { userId: number }) => x.userId === w.id.gridA2);
    expect(worker).toMatchObject({ due: 2, onTime: 1, gridIds: [w.tree.gridA2.id] });
    // 张大爷 (due day 7, never visited since) and 赵奶奶 (late on day 9; day 16 has not come yet): grid A1 0 of 2.
    expect(cov.grids.find((g: { gridId: number }) => g.gridId === w.tree.gridA1.id)).toMatchObject({ due: 2, onTime: 0 });
    expect((await w.api('staffB', 'GET', q)).statusCode).toBe(404);
    const stats = (await w.api('staffA', 'GET', `/gridwork/stats?nodeId=${w.tree.communityA.id}&from=${from}`)).json();
    expect(stats.total.visit).toBe(4);
    expect(stats.total.patrol).toBe(1);
    expect(stats.workers.find((x: { userId: number }) => x.userId === w.id.gridA2).counts).toEqual({ visit: 2 });
  });
});

describe('overdue notice', () => {
  it('tells the community staff once per person and due date, even with two runs at once', async () => {
    // Day 15: 张大爷 due day 7, 8 days late > 3 → noticed; 李大妈 visited today; 王大爷 (community B) within 30 days.
    const countFor = async (userId: number) =>
      (await t.database.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, 'gridwork.visit_overdue')))).length;
    const now = t.clock.now();
    const [a, b] = await Promise.all([sendOverdueNotices(t.app.ctx, now), sendOverdueNotices(t.app.ctx, now)]);
    expect(a + b).toBe(1);
    await t.app.ctx.jobs.run(OVERDUE_JOB);
    expect(await countFor(w.id.staffA)).toBe(1);
    expect(await countFor(w.id.secA)).toBe(1);
    expect(await countFor(w.id.staffB)).toBe(0);
    const [notice] = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.id.staffA));
    expect(notice!.title).not.toContain('张大爷');
    // Still overdue for the same due date the next day: no second notice. Visited late, then missed again: a new
    // due date, a new notice.
    t.clock.set(new Date(start.getTime() + 16 * DAY));
    expect(await sendOverdueNotices(t.app.ctx, t.clock.now())).toBe(0);
    await w.relogin('gridA1');
    expect((await w.api('gridA1', 'POST', '/gridwork/logs', visit([ids.zhang]))).statusCode).toBe(201);
    t.clock.set(new Date(start.getTime() + 27 * DAY));
    expect(await sendOverdueNotices(t.app.ctx, t.clock.now())).toBeGreaterThanOrEqual(1);
    expect(await countFor(w.id.staffA)).toBeGreaterThanOrEqual(2);
    const zhangNotices = await t.database.db.select().from(visitOverdueNotices).where(eq(visitOverdueNotices.personId, ids.zhang));
    expect(zhangNotices.map((n) => n.dueOn).sort()).toHaveLength(2);
  });

  it('answers 403 to a resident who sees the place but may not read the work there', async () => {
    await w.relogin('residentA', 'gridA1');
    expect((await w.api('residentA', 'GET', `/gridwork/coverage?nodeId=${w.tree.gridA1.id}`)).statusCode).toBe(403);
    expect((await w.api('residentA', 'GET', `/gridwork/stats?nodeId=${w.tree.gridA1.id}`)).statusCode).toBe(403);
    expect((await w.api('residentA', 'GET', `/gridwork/households/${ids.hA1}/timeline`)).statusCode).toBe(403);
    expect((await w.api('residentA', 'GET', `/gridwork/coverage?nodeId=${w.tree.gridB1.id}`)).statusCode).toBe(404);
    expect(errorCode(await w.api('gridA1', 'POST', '/gridwork/logs', visit([ids.zhao], { occurredAt: new Date(t.clock.now().getTime() - 31 * DAY).toISOString() })))).toBe(
      'work_log_too_old',
    );
    expect(errorCode(await w.api('gridA1', 'GET', `/gridwork/coverage?nodeId=${w.tree.gridA1.id}&from=2026-05-01&to=2026-04-01`))).toBe('period_invalid');
  });
});

describe('assignments', () => {
  it('assigns with the role, keeps history when ended, refuses outside the reach', async () => {
    await w.relogin();
    const assign = { nodeId: w.tree.buildingA1.id, duty: 'building_leader', userId: w.id.residentA2 };
    const first = await w.api('staffA', 'POST', '/gridwork/assignments', assign);
    expect(first.statusCode).toBe(201);
    expect(first.json().roleGranted).toBe(true);
    const hasRole = async () =>
      (await t.database.db.select().from(roleAssignments).where(and(eq(roleAssignments.userId, w.id.residentA2), eq(roleAssignments.role, 'building_leader')))).length;
    expect(await hasRole()).toBe(1);
    expect(errorCode(await w.api('staffA', 'POST', '/gridwork/assignments', assign))).toBe('assignment_exists');
    const ended = await w.api('staffA', 'POST', `/gridwork/assignments/${first.json().id}/end`, { note: '搬走了' });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().endedAt).not.toBeNull();
    expect(await hasRole()).toBe(0);
    expect(errorCode(await w.api('staffA', 'POST', `/gridwork/assignments/${first.json().id}/end`, {}))).toBe('assignment_ended');
    const again = await w.api('staffA', 'POST', '/gridwork/assignments', assign);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(first.json().id);
    const open = (await w.api('staffA', 'GET', `/gridwork/assignments?nodeId=${w.tree.communityA.id}`)).json();
    expect(open.items.map((i: { id: number }) => i.id)).toEqual([again.json().id]);
    const all = (await w.api('staffA', 'GET', `/gridwork/assignments?nodeId=${w.tree.communityA.id}&includeEnded=true`)).json();
    expect(all.total).toBe(2);
    // The duty must fit the place; a grid worker names building leaders but not grid workers; other community: 404.
    expect(errorCode(await w.api('staffA', 'POST', '/gridwork/assignments', { ...assign, duty: 'grid_worker' }))).toBe('assignment_place_invalid');
    expect((await w.api('gridA1', 'POST', '/gridwork/assignments', { nodeId: w.tree.gridA1.id, duty: 'grid_worker', userId: w.id.residentA })).statusCode).toBe(403);
    expect((await w.api('gridA1', 'POST', '/gridwork/assignments', { nodeId: w.tree.unitA1.id, duty: 'unit_leader', userId: w.id.residentA })).statusCode).toBe(201);
    expect((await w.api('staffA', 'POST', '/gridwork/assignments', { nodeId: w.tree.gridB1.id, duty: 'grid_worker', userId: w.id.residentA })).statusCode).toBe(404);
    expect((await w.api('residentA', 'GET', `/gridwork/assignments?nodeId=${w.tree.gridA1.id}`)).statusCode).toBe(403);
  });
});
