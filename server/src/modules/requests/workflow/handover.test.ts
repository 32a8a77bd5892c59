import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { createUser } from '../../../../test/factories.js';
import { POINT, requestWorld, type World } from '../../../../test/requests.js';
import { notifications } from '../../../db/schema/platform.js';
import { insertOrgNode } from '../../org/org.repo.js';

/**
 * Handing a request over: to whom the timeline says it went, what the reporter hears on dispatch and take, and
 * the list of places and units the transfer dialog offers.
 */
let t: TestApp;
let w: World;
let otherUnit: { id: number };
let emptyUnit: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-02T09:00:00+08:00');
  w = await requestWorld(t, 'Hand');
  const db = t.database.db;
  // A unit hanging on the other community (not on this request's branch, not in community A's reach) and a
  // unit on the town without anyone to handle for it.
  otherUnit = await insertOrgNode(db, { parentId: w.tree.communityB.id, kind: 'department', subkind: 'partner_unit', name: 'Hand草原物业' });
  await createUser(db, { username: 'hand_other_unit', homeNodeId: otherUnit.id, roles: [{ role: 'department_handler', orgNodeId: otherUnit.id }] });
  emptyUnit = await insertOrgNode(db, { parentId: w.tree.town.id, kind: 'department', subkind: 'department', name: 'Hand街道司法所' });
}, 180_000);
afterAll(() => t.close());

async function report(content: string): Promise<{ id: number; number: string; title: string }> {
  const res = await w.api('residentA', 'POST', '/requests', { content, location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

interface Notice {
  kind: string;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown> | null;
}

async function noticesOf(userId: number, requestId: number): Promise<Notice[]> {
  const rows = await t.database.db
    .select({ kind: notifications.kind, title: notifications.title, body: notifications.body, link: notifications.link, data: notifications.data })
    .from(notifications)
    .where(and(eq(notifications.userId, userId)));
  return rows.filter((r) => r.data?.requestId === requestId);
}

interface Event {
  action: string;
  assignedTo: { user: { id: number; name: string } | null; unit: { id: number; name: string } | null; place: { id: number; name: string; kind: string } | null } | null;
}

async function timeline(who: 'staffA' | 'residentA' | 'town', id: number): Promise<Event[]> {
  const res = await w.api(who, 'GET', `/requests/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().timeline;
}

describe('dispatch and take: the timeline and the reporter', () => {
  it('the timeline names the person a request was dispatched to, for staff and for the reporter', async () => {
    const r = await report('小区东门路灯不亮，晚上很黑');
    expect((await w.api('staffA', 'POST', `/requests/${r.id}/dispatch`, { assigneeUserId: w.id.gridA1 })).statusCode).toBe(200);
    for (const who of ['staffA', 'residentA'] as const) {
      const events = await timeline(who, r.id);
      expect(events.map((e) => [e.action, e.assignedTo])).toEqual([
        ['submit', null],
        ['dispatch', { user: { id: w.id.gridA1, name: '网格员甲' }, unit: null, place: null }],
      ]);
    }
  });

  it('the reporter hears, in Chinese and English, to whom it was dispatched and that the grid worker took it', async () => {
    const r = await report('楼道灯坏了好几天');
    await w.api('staffA', 'POST', `/requests/${r.id}/dispatch`, { assigneeUserId: w.id.gridA1, note: '内部说明：请今天去看' });
    const dispatched = (await noticesOf(w.id.residentA, r.id)).filter((n) => n.kind === 'request.dispatched');
    expect(dispatched).toEqual([
      {
        kind: 'request.dispatched',
        title: `您的诉求已派单给网格员网格员甲：${r.title}`,
        body: '',
        link: `/m/requests/${r.id}`,
        data: expect.objectContaining({ requestId: r.id, en: { title: `Your request has been dispatched to grid worker 网格员甲: ${r.title}`, body: '' } }),
      },
    ]);
    // The dispatcher's instructions are for the worker, not the reporter.
    expect(JSON.stringify(dispatched)).not.toContain('内部说明');

    expect((await w.api('gridA1', 'POST', `/requests/${r.id}/take`, {})).statusCode).toBe(200);
    const taken = (await noticesOf(w.id.residentA, r.id)).filter((n) => n.kind === 'request.taken');
    expect(taken).toEqual([
      {
        kind: 'request.taken',
        title: `网格员网格员甲已接单：${r.title}`,
        body: '',
        link: `/m/requests/${r.id}`,
        data: expect.objectContaining({ en: { title: `Grid worker 网格员甲 has taken your request: ${r.title}`, body: '' } }),
      },
    ]);
    // Neither the dispatcher nor the worker gets the reporter's notices.
    expect((await noticesOf(w.id.staffA, r.id)).map((n) => n.kind)).not.toContain('request.taken');
    expect((await noticesOf(w.id.gridA1, r.id)).map((n) => n.kind)).toEqual(['request.dispatched']);
  });

  it('a dispatch to a unit names the unit, and its handler takes it as a member of the unit', async () => {
    const r = await report('小区门口垃圾堆放很久了');
    await w.api('staffA', 'POST', `/requests/${r.id}/dispatch`, { unitNodeId: w.department.id });
    const events = await timeline('staffA', r.id);
    expect(events.at(-1)).toMatchObject({ action: 'dispatch', assignedTo: { user: null, unit: { id: w.department.id, name: 'Hand街道城管办' }, place: null } });
    expect((await w.api('dept', 'POST', `/requests/${r.id}/take`, {})).statusCode).toBe(200);
    const titles = (await noticesOf(w.id.residentA, r.id)).map((n) => n.title);
    expect(titles).toEqual(
      expect.arrayContaining([`您的诉求已派单给Hand街道城管办：${r.title}`, `Hand街道城管办的城管办小刘已接单：${r.title}`]),
    );
  });

  it('a step that fails tells the reporter nothing', async () => {
    const r = await report('路边井盖松动');
    const bad = await w.api('staffA', 'POST', `/requests/${r.id}/dispatch`, { assigneeUserId: w.id.gridB1 });
    // Someone the dispatcher cannot see is refused the same way as someone who does not exist.
    expect(errorCode(bad)).toBe('assignee_invalid');
    expect((await noticesOf(w.id.residentA, r.id)).map((n) => n.kind)).toEqual([]);
  });
});

describe('dispatch targets 派单', () => {
  it('lists the people who handle here and the units, saying how many handle for each, and refuses a unit nobody handles for', async () => {
    const r = await report('小区门口路灯不亮');
    const res = await w.api('staffA', 'GET', `/requests/${r.id}/dispatch-targets`);
    expect(res.statusCode, res.body).toBe(200);
    const units = res.json().units as { id: number; name: string; handlers: number }[];
    expect(units.find((u) => u.id === w.department.id)).toEqual({ id: w.department.id, name: 'Hand街道城管办', subkind: 'department', handlers: 1 });
    expect(units.find((u) => u.id === emptyUnit.id)).toMatchObject({ name: 'Hand街道司法所', handlers: 0 });
    expect(units.map((u) => u.id)).not.toContain(otherUnit.id);
    expect(res.json().people.map((p: { userId: number }) => p.userId)).toContain(w.id.gridA1);
    const refused = await w.api('staffA', 'POST', `/requests/${r.id}/dispatch`, { unitNodeId: emptyUnit.id });
    expect(refused.statusCode).toBe(400);
    expect(errorCode(refused)).toBe('unit_has_no_handlers');
  });
});

describe('transfer targets 转办', () => {
  it('lists eligible units with handlers, the places above, and the places within the caller’s reach', async () => {
    const r = await report('楼下饭店油烟扰民');
    const res = await w.api('staffA', 'GET', `/requests/${r.id}/transfer-targets`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.units).toEqual([{ id: w.department.id, name: 'Hand街道城管办', subkind: 'department', parentName: 'Hand街道' }]);
    expect(body.places.map((p: { id: number; above: boolean }) => [p.id, p.above])).toEqual([
      [w.tree.communityA.id, true],
      [w.tree.town.id, true],
      [w.tree.county.id, true],
      [w.tree.city.id, true],
      [w.tree.region.id, true],
      [w.tree.gridA2.id, false],
    ]);
    expect(body.places.at(-1)).toEqual({ id: w.tree.gridA2.id, name: 'Hand第二网格', kind: 'grid', subkind: null, parentName: 'Hand保利社区', above: false });
    expect(body.more).toBe(false);
    const ids = [...body.units, ...body.places].map((n: { id: number }) => n.id);
    for (const never of [otherUnit.id, emptyUnit.id, w.tree.gridA1.id, w.tree.communityB.id, w.tree.buildingA1.id]) expect(ids).not.toContain(never);
  });

  it('a town admin reaches every community and grid of the town; a name, pinyin or limit narrows the list', async () => {
    const r = await report('小区里有人私搭乱建');
    const all = (await w.api('town', 'GET', `/requests/${r.id}/transfer-targets`)).json();
    expect(all.units.map((u: { id: number }) => u.id).sort()).toEqual([w.department.id, otherUnit.id].sort());
    const within = all.places.filter((p: { above: boolean }) => !p.above).map((p: { id: number }) => p.id);
    // Shallowest first: the other community, then the grids.
    expect(within[0]).toBe(w.tree.communityB.id);
    expect(within.slice(1).sort()).toEqual([w.tree.gridA2.id, w.tree.gridB1.id].sort());

    const named = (await w.api('town', 'GET', `/requests/${r.id}/transfer-targets?q=${encodeURIComponent('草原')}`)).json();
    expect(named.units.map((u: { id: number }) => u.id)).toEqual([otherUnit.id]);
    expect(named.places.map((p: { id: number }) => p.id)).toEqual([w.tree.communityB.id, w.tree.gridB1.id]);

    const pinyin = (await w.api('town', 'GET', `/requests/${r.id}/transfer-targets?q=chengguan`)).json();
    expect(pinyin.units.map((u: { id: number }) => u.id)).toEqual([w.department.id]);

    const capped = (await w.api('town', 'GET', `/requests/${r.id}/transfer-targets?limit=1`)).json();
    expect(capped.units).toHaveLength(1);
    expect(capped.places.filter((p: { above: boolean }) => !p.above)).toHaveLength(1);
    expect(capped.more).toBe(true);
  });

  it('every listed target is accepted by the transfer itself, and the timeline names it', async () => {
    const r = await report('小区路面塌陷一个大坑');
    const targets = (await w.api('staffA', 'GET', `/requests/${r.id}/transfer-targets`)).json();
    const grid = targets.places.find((p: { id: number }) => p.id === w.tree.gridA2.id);
    const moved = await w.api('staffA', 'POST', `/requests/${r.id}/transfer`, { targetNodeId: grid.id, note: '属于第二网格' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().timeline.at(-1)).toMatchObject({
      action: 'transfer',
      assignedTo: { user: null, unit: null, place: { id: w.tree.gridA2.id, name: 'Hand第二网格', kind: 'grid' } },
    });
    const unit = targets.units[0];
    const toUnit = await w.api('staffA', 'POST', `/requests/${r.id}/transfer`, { targetNodeId: unit.id, note: '城管执法' });
    expect(toUnit.statusCode, toUnit.body).toBe(200);
    expect(toUnit.json().timeline.at(-1)).toMatchObject({ action: 'transfer', assignedTo: { unit: { id: w.department.id, name: 'Hand街道城管办' }, place: null } });
  });

  it('answers 404 to those who cannot see the request, 403 to those who may not transfer it, 409 once it is finished', async () => {
    const r = await report('噪音扰民');
    expect((await w.api('staffB', 'GET', `/requests/${r.id}/transfer-targets`)).statusCode).toBe(404);
    expect((await w.api('residentA', 'GET', `/requests/${r.id}/transfer-targets`)).statusCode).toBe(403);
    expect((await w.api('gridA1', 'GET', `/requests/${r.id}/transfer-targets`)).statusCode).toBe(403);
    await w.api('staffA', 'POST', `/requests/${r.id}/reject`, { reason: '重复反映' });
    const finished = await w.api('staffA', 'GET', `/requests/${r.id}/transfer-targets`);
    expect(finished.statusCode).toBe(409);
    expect(errorCode(finished)).toBe('request_invalid_state');
    expect(errorCode(await w.api('staffA', 'GET', `/requests/${r.id}/transfer-targets?limit=0`))).toBe('validation_failed');
  });
});

describe('handing over, in Chinese and English', () => {
  const said = (notices: Notice[], kind: string) => notices.filter((n) => n.kind === kind).map((n) => [n.title, n.body, n.data?.en]);

  it('a return (回退) tells the dispatchers why', async () => {
    const r = await report('小区健身器材坏了');
    await w.api('staffA', 'POST', `/requests/${r.id}/dispatch`, { assigneeUserId: w.id.gridA1 });
    expect((await w.api('gridA1', 'POST', `/requests/${r.id}/return`, { reason: '不属于本网格' })).statusCode).toBe(200);
    expect(said(await noticesOf(w.id.staffA, r.id), 'request.returned')).toEqual([
      [`诉求被回退：${r.number}`, '不属于本网格', { title: `Request returned: ${r.number}`, body: '不属于本网格' }],
    ]);
  });

  it('a transfer (转办) reaches the unit’s handlers, or the dispatchers of the place', async () => {
    const toUnit = await report('马路上有人占道经营');
    expect((await w.api('staffA', 'POST', `/requests/${toUnit.id}/transfer`, { targetNodeId: w.department.id, note: '城管执法' })).statusCode).toBe(200);
    const en = (r: { number: string; title: string }) => ({ title: `Request transferred to you: ${r.number}`, body: r.title });
    expect(said(await noticesOf(w.id.dept, toUnit.id), 'request.dispatched')).toEqual([[`转办来的诉求 ${toUnit.number}`, toUnit.title, en(toUnit)]]);

    const up = await report('街道主干道积水严重');
    expect((await w.api('staffA', 'POST', `/requests/${up.id}/transfer`, { targetNodeId: w.tree.town.id, note: '请街道协调' })).statusCode).toBe(200);
    expect(said(await noticesOf(w.id.town, up.id), 'request.submitted')).toEqual([[`转办来的诉求 ${up.number}`, up.title, en(up)]]);

    // The reporter hears where it went, either way.
    const toReporter = (r: { title: string }, name: string) => [
      [`您的诉求已转交${name}办理：${r.title}`, '', { title: `Your request has been passed on to ${name}: ${r.title}`, body: '' }],
    ];
    expect(said(await noticesOf(w.id.residentA, toUnit.id), 'request.transferred')).toEqual(toReporter(toUnit, w.department.name));
    expect(said(await noticesOf(w.id.residentA, up.id), 'request.transferred')).toEqual(toReporter(up, w.tree.town.name));
  });

  it('a merge (合并) tells the reporter of the duplicate which request it joined', async () => {
    const first = await report('小区南门的井盖丢了');
    const again = await report('南门井盖没了，很危险');
    expect((await w.api('staffA', 'POST', `/requests/${again.id}/merge`, { intoRequestId: first.id })).statusCode).toBe(200);
    expect(said(await noticesOf(w.id.residentA, again.id), 'request.merged')).toEqual([
      [
        `您反映的问题已与 ${first.number} 合并办理`,
        again.title,
        { title: `Your request has been merged with ${first.number} and will be handled together`, body: again.title },
      ],
    ]);
  });
});
