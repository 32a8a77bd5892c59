import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../../../test/app.js';
import { POINT, requestWorld, type Person, type World } from '../../../../test/requests.js';
import { queryRows } from '../../../db/client.js';
import { files } from '../../../db/schema/platform.js';
import { rebuildRollups } from '../core/counters.js';
import { JOB_NAMES } from '../deadlines/jobs.js';

/**
 * The three rates on a fixture walked through the real workflow, with answers worked out by hand:
 *
 * March (received 6 — R3 rejected and R4 merged do not count):
 *   R1 A1 dispatched at once, resolved, "solved, satisfied"                 on time, answer 1
 *   R2 A1 dispatched two days late, "not solved, unsatisfied" → reopened,
 *         resolved again, "solved, basically satisfied"                     late,    answers 2 and 3
 *   R5 B1 accepted at once, resolved, nobody answers → closed "no reply"    on time
 *   R6 B1 never responded                                                    late
 *   R7 community A (a call entered by staff), accepted at once               on time
 *   R8 A1 self-resolved on patrol (no reporter: closed at once)              on time
 * April (received 2):
 *   R9 A1 dispatched at once, resolved, "solved, unsatisfied" → reopened      on time, answer 4
 *   R10 reported at B1, transferred by the street to A2, not yet responded   late (counted at A2)
 *
 * Town, March–April: response 5/8, resolution 3/4, satisfaction 2/4.
 */
let t: TestApp;
let w: World;
const r: Record<string, number> = {};

const at = (s: string) => t.clock.set(`${s}+08:00`);
const post = async (who: Person, url: string, body: Record<string, unknown>) => {
  const res = await w.api(who, 'POST', url, body);
  if (res.statusCode >= 300) throw new Error(`${who} POST ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
};
const report = async (who: Person, point: readonly [number, number], content: string) =>
  (await post(who, '/requests', { content, location: { lng: point[0], lat: point[1] } })).id as number;
const handle = async (id: number, worker: Person) => {
  await post(worker, `/requests/${id}/take`, {});
  await post(worker, `/requests/${id}/resolve`, { note: '已处理' });
};

beforeAll(async () => {
  t = await createTestApp();
  at('2026-03-02T09:00:00');
  w = await requestWorld(t, 'Rt');
  const photo = randomUUID();
  await t.database.db.insert(files).values({
    id: photo,
    ownerUserId: w.id.gridA1,
    orgNodeId: w.tree.gridA1.id,
    storageKey: `test/${photo}.jpg`,
    mime: 'image/jpeg',
    byteSize: 1000,
    sha256: 'x',
    createdAt: t.clock.now(),
  });

  r.R1 = await report('residentA', POINT.gridA1, '路灯不亮');
  r.R2 = await report('residentA2', POINT.gridA1, '下水道堵了');
  r.R3 = await report('residentA', POINT.gridA2, '咨询天气');
  r.R4 = await report('residentA2', POINT.gridA2, '路灯不亮（重复）');
  r.R5 = await report('residentB', POINT.gridB1, '垃圾没清运');
  r.R6 = await report('residentB', POINT.gridB1, '楼道堆物');
  r.R7 = (
    await post('staffA', '/requests', {
      channel: 'staff',
      content: '赵大爷来电：暖气不热',
      reporter: { name: '赵大爷', phone: '13900001111' },
      location: { orgNodeId: w.tree.communityA.id },
    })
  ).id;
  r.R8 = (
    await post('gridA1', '/requests/self-resolved', {
      content: '井盖松动',
      note: '已重新固定',
      photoIds: [photo],
      location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] },
    })
  ).id;

  at('2026-03-02T10:00:00');
  await post('staffA', `/requests/${r.R1}/dispatch`, { assigneeUserId: w.id.gridA1 });
  await post('staffA', `/requests/${r.R3}/reject`, { reason: '非诉求事项' });
  await post('staffA', `/requests/${r.R4}/merge`, { intoRequestId: r.R1 });
  await post('staffB', `/requests/${r.R5}/accept`, {});
  await post('staffB', `/requests/${r.R5}/dispatch`, { assigneeUserId: w.id.gridB1 });
  await post('staffA', `/requests/${r.R7}/accept`, {});
  await handle(r.R1, 'gridA1');
  await post('residentA', `/requests/${r.R1}/follow-up`, { solved: true, satisfaction: 'satisfied' });
  await handle(r.R5, 'gridB1');

  at('2026-03-04T09:00:00');
  await w.relogin('staffA', 'gridA1', 'residentA2');
  await post('staffA', `/requests/${r.R2}/dispatch`, { assigneeUserId: w.id.gridA1 });
  await handle(r.R2, 'gridA1');
  await post('residentA2', `/requests/${r.R2}/follow-up`, { solved: false, satisfaction: 'unsatisfied' });
  await post('staffA', `/requests/${r.R2}/dispatch`, { assigneeUserId: w.id.gridA1 });
  await handle(r.R2, 'gridA1');
  await post('residentA2', `/requests/${r.R2}/follow-up`, { solved: true, satisfaction: 'basically_satisfied' });

  at('2026-03-06T09:00:00');
  await t.app.ctx.jobs.run(JOB_NAMES.followUpTimeouts);

  at('2026-04-01T09:00:00');
  await w.relogin();
  r.R9 = await report('residentA', POINT.gridA1, '小区大门坏了');
  await post('staffA', `/requests/${r.R9}/dispatch`, { assigneeUserId: w.id.gridA1 });
  await handle(r.R9, 'gridA1');
  await post('residentA', `/requests/${r.R9}/follow-up`, { solved: true, satisfaction: 'unsatisfied' });
  r.R10 = await report('residentB', POINT.gridB1, '路边有积水');
  await post('town', `/requests/${r.R10}/transfer`, { targetNodeId: w.tree.gridA2.id, note: '位置在保利社区第二网格' });
}, 300_000);
afterAll(() => t.close());

const rates = (who: Person, nodeId: number, from: string, to: string, lang = 'zh') =>
  w.api(who, 'GET', `/requests/rates?nodeId=${nodeId}&from=${from}&to=${to}`, undefined, lang);

describe('the three rates 三率', () => {
  it('for the street over March–April', async () => {
    const res = await rates('town', w.tree.town.id, '2026-03', '2026-04');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.totals).toMatchObject({
      received: 8,
      respondedOnTime: 5,
      resolved: 4,
      selfResolved: 1,
      merged: 1,
      rejected: 1,
      followedUp: 4,
      solved: 3,
      satisfied: 1,
      basicallySatisfied: 1,
      unsatisfied: 2,
      noReply: 1,
      reopened: 2,
      responseRate: 0.625,
      resolutionRate: 0.75,
      satisfactionRate: 0.5,
    });
    const byChild = Object.fromEntries(body.byChild.map((c: { node: { id: number } }) => [c.node.id, c]));
    expect(byChild[w.tree.communityA.id]).toMatchObject({
      received: 6,
      respondedOnTime: 4,
      followedUp: 4,
      solved: 3,
      merged: 1,
      rejected: 1,
      responseRate: 0.6667,
      satisfactionRate: 0.5,
    });
    expect(byChild[w.tree.communityB.id]).toMatchObject({
      received: 2,
      respondedOnTime: 1,
      followedUp: 0,
      noReply: 1,
      responseRate: 0.5,
      resolutionRate: null,
      satisfactionRate: null,
    });
    expect(body.byMonth).toEqual([
      expect.objectContaining({
        month: '2026-03',
        received: 6,
        respondedOnTime: 4,
        followedUp: 3,
        solved: 2,
        satisfied: 1,
        basicallySatisfied: 1,
        unsatisfied: 1,
        noReply: 1,
        reopened: 1,
      }),
      expect.objectContaining({
        month: '2026-04',
        received: 2,
        respondedOnTime: 1,
        followedUp: 1,
        solved: 1,
        unsatisfied: 1,
        reopened: 1,
        satisfactionRate: 0,
      }),
    ]);
    expect(body.definitions.responseRate.zh).toContain('响应率');
  });

  it('for a community, by grid and its own level', async () => {
    const body = (await rates('staffA', w.tree.communityA.id, '2026-03', '2026-03')).json();
    const byChild = body.byChild.map((c: { node: { id: number; self: boolean }; received: number }) => [
      c.node.id,
      c.node.self,
      c.received,
    ]);
    expect(byChild).toEqual(
      expect.arrayContaining([
        [w.tree.gridA1.id, false, 3],
        [w.tree.communityA.id, true, 1],
      ]),
    );
    expect(body.totals).toMatchObject({ received: 4, respondedOnTime: 3, responseRate: 0.75 });
    const april = (await rates('staffA', w.tree.communityA.id, '2026-04', '2026-04')).json();
    expect(april.byChild.find((c: { node: { id: number } }) => c.node.id === w.tree.gridA2.id)).toMatchObject({
      received: 1,
      respondedOnTime: 0,
    });
  });

  it('for the county, from the town roll-ups: the street numbers, plus what is filed at the county itself', async () => {
    const street = (await rates('town', w.tree.town.id, '2026-03', '2026-04')).json();
    const before = (await rates('county', w.tree.county.id, '2026-03', '2026-04')).json();
    expect(before.totals).toEqual(street.totals);
    expect(before.byMonth).toEqual(street.byMonth);
    expect(before.byChild.map((c: { node: { id: number }; received: number }) => [c.node.id, c.received])).toEqual([[w.tree.town.id, 8]]);

    await post('county', '/requests', {
      channel: 'staff',
      content: '区政府门前路灯不亮',
      reporter: { name: '钱女士', phone: '13900002222' },
      location: { orgNodeId: w.tree.county.id },
    });
    const after = (await rates('county', w.tree.county.id, '2026-03', '2026-04')).json();
    expect(after.totals.received).toBe(9);
    expect(after.byChild).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ node: expect.objectContaining({ id: w.tree.town.id, self: false }), received: 8 }),
        expect.objectContaining({ node: expect.objectContaining({ id: w.tree.county.id, self: true }), received: 1 }),
      ]),
    );
    expect((await rates('town', w.tree.town.id, '2026-03', '2026-04')).json().totals.received).toBe(8);
  });

  it('the town roll-ups equal the per-node counters summed by town, and a rebuild changes nothing', async () => {
    const byTown = sql`select coalesce((select t.id from org_nodes t where t.kind = 'town' and t.path @> n.path order by t.depth desc limit 1), n.id) as node,
                              to_char(c.month, 'YYYY-MM') as month, sum(c.received)::int as received, sum(c.responded_on_time)::int as on_time,
                              sum(c.followed_up)::int as followed_up, sum(c.solved)::int as solved, sum(c.no_reply)::int as no_reply
                       from request_counters c join org_nodes n on n.id = c.org_node_id group by 1, 2 order by 1, 2`;
    const rollups = sql`select org_node_id as node, to_char(month, 'YYYY-MM') as month, received, responded_on_time as on_time,
                               followed_up, solved, no_reply
                        from request_rollup_counters order by 1, 2`;
    const expected = await queryRows(t.database.db, byTown);
    expect(await queryRows(t.database.db, rollups)).toEqual(expected);
    await rebuildRollups(t.database.db);
    expect(await queryRows(t.database.db, rollups)).toEqual(expected);
  });

  it('empty months give empty rates, not zero', async () => {
    const body = (await rates('town', w.tree.town.id, '2025-01', '2025-02')).json();
    expect(body.totals).toMatchObject({ received: 0, responseRate: null, resolutionRate: null, satisfactionRate: null });
    expect(body.byMonth.map((m: { month: string }) => m.month)).toEqual(['2025-01', '2025-02']);
  });

  it('the counters equal a full recount of the request table', async () => {
    const recount = await queryRows<{ node: number; month: string; received: number; on_time: number; merged: number; rejected: number }>(
      t.database.db,
      sql`select org_node_id as node, to_char(received_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
                 count(*) filter (where status not in ('merged','rejected'))::int as received,
                 count(*) filter (where status not in ('merged','rejected') and responded_at <= response_due_at)::int as on_time,
                 count(*) filter (where status = 'merged')::int as merged,
                 count(*) filter (where status = 'rejected')::int as rejected
          from requests group by 1, 2 order by 1, 2`,
    );
    const counters = await queryRows<{ node: number; month: string; received: number; on_time: number; merged: number; rejected: number }>(
      t.database.db,
      sql`select org_node_id as node, to_char(month, 'YYYY-MM') as month, received, responded_on_time as on_time, merged, rejected
          from request_counters where received + merged + rejected > 0 order by 1, 2`,
    );
    expect(counters).toEqual(recount);
  });

  it('asks for sight and requests.read, and clear months', async () => {
    expect((await rates('staffB', w.tree.town.id, '2026-03', '2026-04')).statusCode).toBe(404);
    expect((await rates('residentA', w.tree.gridA1.id, '2026-03', '2026-04')).statusCode).toBe(403);
    expect((await rates('gridA1', w.tree.gridA1.id, '2026-03', '2026-04')).json().totals.received).toBe(4);
    const backwards = await rates('town', w.tree.town.id, '2026-04', '2026-03', 'en');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toMatchObject({
      code: 'invalid_range',
      message: 'The end month 2026-03 is before the start month 2026-04',
    });
    const bad = await rates('town', w.tree.town.id, '2026-13', '2026-12');
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('invalid_month');
    expect(bad.json().error.message).toBe('from 应为 YYYY-MM 格式的月份');
    expect(errorCode(await rates('town', w.tree.town.id, '2020-01', '2026-12'))).toBe('range_too_long');
  });
});
