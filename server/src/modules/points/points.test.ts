import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { auditLog } from '../../db/schema/platform.js';
import { pointPostings } from '../../db/schema/points.js';
import { activities, hourEntries, volunteers } from '../../db/schema/volunteers.js';
import { bearer, createTestApp, errorCode, type TestApp } from '../../../test/app.js';
import { uploadPhoto } from '../../../test/files.js';
import { requestWorld, type World } from '../../../test/requests.js';
import { insertVolunteer } from '../../../test/volunteers.js';
import { AWARD_JOB, awardConfirmedService, awardHourEntry, expirePoints } from './awards.job.js';
import { balanceOf } from './ledger.js';
import { adjustFor } from './points.service.js';
import { pointsViolations } from './points.invariants.js';
import { findVolunteer, type VolunteerRef } from './points.scope.js';
import { cancelRedemptionTx, receiveStock, redeemFor } from './store.service.js';
import type { Principal } from '../../platform/access.js';
import type { AppContext } from '../../platform/context.js';

let t: TestApp;
let w: World;
const db = () => t.database.db;
const ctx = () => ({ db: t.database.db });
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const system = { userId: null, ip: null, userAgent: null };

let me: VolunteerRef;

beforeAll(async () => {
  t = await createTestApp();
  w = await requestWorld(t, 'PT');
  const id = await insertVolunteer(db(), { name: '张志愿', nodeId: w.tree.gridA1.id, communityId: w.tree.communityA.id, userId: w.id.residentA });
  me = (await findVolunteer(db(), id))!;
});

afterAll(async () => {
  await t?.close();
});

async function newVolunteer(name: string, where: 'A' | 'B' = 'A'): Promise<VolunteerRef> {
  const nodeId = where === 'A' ? w.tree.gridA1.id : w.tree.gridB1.id;
  const communityId = where === 'A' ? w.tree.communityA.id : w.tree.communityB.id;
  return (await findVolunteer(db(), await insertVolunteer(db(), { name, nodeId, communityId })))!;
}

/** A confirmed hour entry written directly, with the volunteer's confirmed minutes kept as the confirming step does. */
async function confirmed(v: VolunteerRef, minutes: number, serviceDate: string, opts: { activityId?: number; correctsId?: number } = {}): Promise<number> {
  const [row] = await db()
    .insert(hourEntries)
    .values({
      volunteerId: v.id,
      nodeId: v.homeNodeId,
      communityId: v.homeNodeId,
      activityId: opts.activityId ?? null,
      kind: opts.correctsId ? 'correction' : 'record',
      correctsId: opts.correctsId ?? null,
      serviceDate,
      minutes,
      content: '测试服务',
      reason: opts.correctsId ? '更正' : null,
      status: 'confirmed',
      recordedAt: t.clock.now(),
      decidedAt: t.clock.now(),
    })
    .returning({ id: hourEntries.id });
  await db()
    .update(volunteers)
    .set({ confirmedMinutes: sql`${volunteers.confirmedMinutes} + ${minutes}` })
    .where(eq(volunteers.id, v.id));
  return row!.id;
}

async function activity(nodeId: number): Promise<number> {
  const at = t.clock.now();
  const [row] = await db()
    .insert(activities)
    .values({
      nodeId,
      communityId: nodeId,
      title: '清扫楼道',
      category: 'environment',
      startsAt: at,
      endsAt: new Date(at.getTime() + 7_200_000),
      capacity: 10,
      signupDeadline: at,
      checkinToken: `tok-${Math.random()}`,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: activities.id });
  return row!.id;
}

async function expectLedgerHolds() {
  expect(await pointsViolations(db())).toEqual([]);
}

async function goods(who: 'staffA' | 'staffB', body: Record<string, unknown>, stock = 0): Promise<number> {
  const res = await w.api(who, 'POST', '/store/goods', body);
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as number;
  if (stock > 0) expect((await w.api(who, 'POST', `/store/goods/${id}/receipts`, { quantity: stock })).statusCode).toBe(200);
  return id;
}

describe('point rules', () => {
  it('the nearest rule up the tree wins; setting takes volunteers.configure', async () => {
    const none = await w.api('staffA', 'GET', `/points/rules?nodeId=${w.tree.gridA1.id}`);
    expect(none.statusCode).toBe(200);
    expect(none.json().inForce).toMatchObject({ perHour: 10, perActivity: 0, expiryMonths: 24, fromNodeId: null });
    // Community staff manage the store but do not configure volunteering.
    expect((await w.api('staffA', 'PUT', '/points/rules', { nodeId: w.tree.communityA.id, perHour: 5, perActivity: 0, dailyCap: null, monthlyCap: null, expiryMonths: 24 })).statusCode).toBe(403);
    expect((await w.api('staffB', 'PUT', '/points/rules', { nodeId: w.tree.communityA.id, perHour: 5, perActivity: 0, dailyCap: null, monthlyCap: null, expiryMonths: 24 })).statusCode).toBe(404);
    expect((await w.api('staffB', 'GET', `/points/rules?nodeId=${w.tree.communityA.id}`)).statusCode).toBe(404);
    expect((await w.api('town', 'PUT', '/points/rules', { nodeId: w.tree.town.id, perHour: 8, perActivity: 0, dailyCap: null, monthlyCap: null, expiryMonths: 24 })).statusCode).toBe(200);
    const set = await w.api('secA', 'PUT', '/points/rules', { nodeId: w.tree.communityA.id, perHour: 10, perActivity: 5, dailyCap: 100, monthlyCap: 300, expiryMonths: 12 });
    expect(set.statusCode, set.body).toBe(200);
    const atGrid = (await w.api('staffA', 'GET', `/points/rules?nodeId=${w.tree.gridA1.id}`)).json();
    expect(atGrid.inForce).toMatchObject({ perHour: 10, perActivity: 5, dailyCap: 100, monthlyCap: 300, expiryMonths: 12, fromNodeId: w.tree.communityA.id });
    expect(atGrid.own).toBeNull();
    const atB = (await w.api('staffB', 'GET', `/points/rules?nodeId=${w.tree.gridB1.id}`)).json();
    expect(atB.inForce).toMatchObject({ perHour: 8, fromNodeId: w.tree.town.id });
    const bad = await w.api('secA', 'PUT', '/points/rules', { nodeId: w.tree.communityA.id, perHour: -1, perActivity: 0, dailyCap: null, monthlyCap: null, expiryMonths: 0 });
    expect(bad.statusCode).toBe(400);
  });
});

describe('awarding confirmed service', () => {
  it('awards each confirmed entry once: per hour, per activity, idempotent when run twice', async () => {
    const v = await newVolunteer('李服务');
    const act = await activity(w.tree.communityA.id);
    const e1 = await confirmed(v, 90, '2026-03-01', { activityId: act }); // 15 + 5
    const e2 = await confirmed(v, 30, '2026-03-01'); // 5
    await db().insert(hourEntries).values({ volunteerId: v.id, nodeId: v.homeNodeId, serviceDate: '2026-03-01', minutes: 600, status: 'pending', recordedAt: t.clock.now() });
    const first = await awardConfirmedService(ctx(), t.clock.now());
    expect(first).toBeGreaterThanOrEqual(2);
    expect(await balanceOf(db(), v.id)).toBe(25);
    expect(await awardConfirmedService(ctx(), t.clock.now())).toBe(0);
    await t.app.ctx.jobs.run(AWARD_JOB);
    expect((await awardHourEntry(ctx(), e1, t.clock.now()))!.points).toBe(20);
    expect(await balanceOf(db(), v.id)).toBe(25);
    const postings = await db().select().from(pointPostings).where(eq(pointPostings.volunteerId, v.id));
    expect(postings.map((p) => p.hourEntryId).sort()).toEqual([e1, e2].sort());
    await expectLedgerHolds();
  });

  it('a negative correction deducts, never more than the entry was awarded', async () => {
    const v = await newVolunteer('王更正');
    const e = await confirmed(v, 120, '2026-03-02'); // 20
    await awardConfirmedService(ctx(), t.clock.now());
    expect(await balanceOf(db(), v.id)).toBe(20);
    await confirmed(v, -60, '2026-03-02', { correctsId: e }); // −10
    await awardConfirmedService(ctx(), t.clock.now());
    expect(await balanceOf(db(), v.id)).toBe(10);
    await expectLedgerHolds();
  });

  it('a correction of a capped entry deducts only what that entry was awarded', async () => {
    const v = await newVolunteer('吴封顶更正');
    await confirmed(v, 480, '2026-03-05'); // 80
    const capped = await confirmed(v, 480, '2026-03-05'); // 80 by the rule, 20 under the day cap of 100
    await awardConfirmedService(ctx(), t.clock.now());
    expect(await balanceOf(db(), v.id)).toBe(100);
    const corr = await confirmed(v, -480, '2026-03-05', { correctsId: capped }); // −80 by the rule: only the 20 it gave
    await awardHourEntry(ctx(), corr, t.clock.now());
    expect(await balanceOf(db(), v.id)).toBe(80);
    await expectLedgerHolds();
  });

  it('caps the points per service day and per calendar month', async () => {
    const v = await newVolunteer('赵封顶');
    // 10/h, cap 100 a day, 300 a month.
    await confirmed(v, 8 * 60, '2026-04-01'); // 80
    await confirmed(v, 4 * 60, '2026-04-01'); // 40 → 20 (day cap)
    await confirmed(v, 5 * 60, '2026-04-01'); // 0
    await awardConfirmedService(ctx(), t.clock.now());
    expect(await balanceOf(db(), v.id)).toBe(100);
    for (const day of ['2026-04-02', '2026-04-03', '2026-04-04']) await confirmed(v, 10 * 60, day); // 100 each, month cap 300
    await confirmed(v, 60, '2026-05-01'); // a new month: 10
    await awardConfirmedService(ctx(), t.clock.now());
    expect(await balanceOf(db(), v.id)).toBe(310);
    const april = await queryRows<{ total: number }>(db(), sql`select sum(points)::int as total from point_postings where volunteer_id = ${v.id} and service_date between '2026-04-01' and '2026-04-30'`);
    expect(april[0]!.total).toBe(300);
    await expectLedgerHolds();
  });

  it.runIf(onPostgres)('two connections running the job at once award each entry once', async () => {
    const vs = await Promise.all([1, 2, 3, 4].map((i) => newVolunteer(`并发${i}`)));
    for (const v of vs) for (let d = 1; d <= 5; d++) await confirmed(v, 60, `2026-06-0${d}`);
    const counts = await Promise.all([awardConfirmedService(ctx(), t.clock.now()), awardConfirmedService(ctx(), t.clock.now()), awardConfirmedService(ctx(), t.clock.now())]);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(20);
    const extra = await confirmed(vs[0]!, 60, '2026-06-09');
    const same = await Promise.all(Array.from({ length: 6 }, () => awardHourEntry(ctx(), extra, t.clock.now())));
    expect(new Set(same.map((r) => r!.postingId)).size).toBe(1);
    expect(await balanceOf(db(), vs[0]!.id)).toBe(60);
    for (const v of vs.slice(1)) {
      expect(await balanceOf(db(), v.id)).toBe(50);
      const [n] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from point_postings where volunteer_id = ${v.id}`);
      expect(n!.n).toBe(5);
    }
    await expectLedgerHolds();
  });
});

describe('manual adjustments', () => {
  it('staff award and deduct with a reason, audited; never below zero; scope refusals', async () => {
    const res = await w.api('staffA', 'POST', `/points/volunteers/${me.id}/adjustments`, { points: 50, reason: '社区表彰' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().balance).toBe(50);
    const over = await w.api('staffA', 'POST', `/points/volunteers/${me.id}/adjustments`, { points: -80, reason: '扣减' });
    expect(over.statusCode).toBe(409);
    expect(errorCode(over)).toBe('insufficient_points');
    expect((await w.api('staffA', 'POST', `/points/volunteers/${me.id}/adjustments`, { points: -20, reason: '重复发放更正' })).json().balance).toBe(30);
    expect((await w.api('staffB', 'POST', `/points/volunteers/${me.id}/adjustments`, { points: 5, reason: 'x' })).statusCode).toBe(404);
    expect((await w.api('staffB', 'GET', `/points/volunteers/${me.id}`)).statusCode).toBe(404);
    expect((await w.api('gridA1', 'POST', `/points/volunteers/${me.id}/adjustments`, { points: 5, reason: 'x' })).statusCode).toBe(403);
    expect((await w.api('staffA', 'POST', `/points/volunteers/${me.id}/adjustments`, { points: 0, reason: 'x' })).statusCode).toBe(400);
    expect((await w.api('staffA', 'POST', `/points/volunteers/${me.id}/adjustments`, { points: 5, reason: '  ' })).statusCode).toBe(400);
    const audits = await db().select().from(auditLog).where(sql`${auditLog.action} in ('points.award','points.deduct') and ${auditLog.objectId} = ${String(me.id)}`);
    expect(audits.map((a) => a.action).sort()).toEqual(['points.award', 'points.deduct']);
    const mine = (await w.api('residentA', 'GET', '/points/me')).json();
    expect(mine.balance).toBe(30);
    expect(mine.items.map((i: { points: number }) => i.points)).toEqual([-20, 50]);
    expect((await w.api('residentB', 'GET', '/points/me')).statusCode).toBe(404);
    await expectLedgerHolds();
  });
});

describe('the charity store', () => {
  it('goods, redemption with a pickup code, handover, cancellation refunds, limits and refusals', async () => {
    const rice = await goods('staffA', { nodeId: w.tree.communityA.id, name: '大米', pricePoints: 10, monthlyLimit: 2 }, 5);
    expect((await w.api('staffB', 'POST', '/store/goods', { nodeId: w.tree.communityA.id, name: '毛巾', pricePoints: 3 })).statusCode).toBe(404);
    expect((await w.api('rider', 'POST', '/store/goods', { nodeId: w.tree.communityA.id, name: '毛巾', pricePoints: 3 })).statusCode).toBe(403);
    expect((await w.api('gridA1', 'POST', '/store/goods', { nodeId: w.tree.communityA.id, name: '毛巾', pricePoints: 3 })).statusCode).toBe(404);
    expect((await w.api('staffA', 'POST', '/store/goods', { nodeId: w.tree.communityA.id, name: '大米', pricePoints: 3 })).statusCode).toBe(409);
    const oilB = await goods('staffB', { nodeId: w.tree.communityB.id, name: '食用油', pricePoints: 5 }, 3);
    const shelf = (await w.api('residentA', 'GET', '/store/mine/goods')).json().items.map((g: { name: string }) => g.name);
    expect(shelf).toContain('大米');
    expect(shelf).not.toContain('食用油');
    // Another community's goods do not exist for this volunteer.
    expect((await w.api('residentA', 'POST', '/store/mine/redemptions', { goodsId: oilB })).statusCode).toBe(404);

    const balance0 = await balanceOf(db(), me.id); // 30
    const r1 = await w.api('residentA', 'POST', '/store/mine/redemptions', { goodsId: rice });
    expect(r1.statusCode, r1.body).toBe(201);
    const red1 = r1.json();
    expect(red1.pickupCode).toMatch(/^\d{6}$/);
    expect(red1.status).toBe('open');
    expect(await balanceOf(db(), me.id)).toBe(balance0 - 10);
    const r2 = (await w.api('residentA', 'POST', '/store/mine/redemptions', { goodsId: rice })).json();
    const third = await w.api('residentA', 'POST', '/store/mine/redemptions', { goodsId: rice });
    expect(third.statusCode).toBe(409);
    expect(errorCode(third)).toBe('monthly_limit_reached');

    // Handover by code: not for another community's staff.
    expect((await w.api('staffB', 'POST', '/store/handover', { code: red1.pickupCode })).statusCode).toBe(404);
    const handed = await w.api('staffA', 'POST', '/store/handover', { code: red1.pickupCode });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json().status).toBe('handed_over');
    expect((await w.api('staffA', 'POST', '/store/handover', { code: red1.pickupCode })).statusCode).toBe(404);
    expect((await w.api('staffA', 'POST', `/store/redemptions/${red1.id}/cancel`, { reason: '晚了' })).statusCode).toBe(409);

    // Cancel the unclaimed one: points and stock come back as new rows.
    expect((await w.api('staffB', 'POST', `/store/redemptions/${r2.id}/cancel`, { reason: '未领取' })).statusCode).toBe(404);
    const cancelled = await w.api('staffA', 'POST', `/store/redemptions/${r2.id}/cancel`, { reason: '未领取' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', pickupCode: null });
    expect(await balanceOf(db(), me.id)).toBe(balance0 - 10);
    const moves = (await w.api('staffA', 'GET', `/store/goods/${rice}/movements`)).json();
    expect(moves.goods.stock).toBe(4);
    expect(moves.items.map((m: { kind: string; quantity: number }) => `${m.kind}${m.quantity}`)).toEqual(['cancellation1', 'redemption-1', 'redemption-1', 'receipt5']);
    const mine = (await w.api('residentA', 'GET', '/store/mine/redemptions')).json();
    expect(mine.items.map((i: { status: string }) => i.status)).toEqual(['cancelled', 'handed_over']);

    // Off the shelf: not listed, not redeemable.
    expect((await w.api('staffA', 'PATCH', `/store/goods/${rice}`, { onShelf: false })).statusCode).toBe(200);
    expect((await w.api('residentA', 'POST', '/store/mine/redemptions', { goodsId: rice })).statusCode).toBe(409);
    const list = (await w.api('staffA', 'GET', `/store/redemptions?nodeId=${w.tree.communityA.id}`)).json();
    expect(list.items.length).toBe(2);
    expect((await w.api('staffB', 'GET', `/store/redemptions?nodeId=${w.tree.communityA.id}`)).statusCode).toBe(404);
    expect((await w.api('rider', 'GET', `/store/goods?nodeId=${w.tree.communityA.id}`)).statusCode).toBe(403);
    await expectLedgerHolds();
  });

  it('goods carry a photo that residents of the store can see', async () => {
    const photo = await uploadPhoto(t.app, w.token.staffA);
    const res = await w.api('staffA', 'POST', '/store/goods', { nodeId: w.tree.communityA.id, name: '抽纸', pricePoints: 12, photoFileId: photo.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().photoFileId).toBe(photo.id);
    const seen = await t.app.inject({ method: 'GET', url: `/api/v1/files/${photo.id}/thumb`, headers: bearer(w.token.residentA) });
    expect(seen.statusCode).toBe(200);
    // Someone else's upload cannot be attached.
    const other = await uploadPhoto(t.app, w.token.staffB);
    expect((await w.api('staffA', 'POST', '/store/goods', { nodeId: w.tree.communityA.id, name: '纸巾', pricePoints: 12, photoFileId: other.id })).statusCode).toBe(400);
  });

  it('stocktaking reconciles the count with the stock ledger and posts the difference', async () => {
    const towel = await goods('staffA', { nodeId: w.tree.communityA.id, name: '毛巾', pricePoints: 3 }, 20);
    const v = await newVolunteer('钱盘点');
    await adjustFor(ctx(), v, system, { points: 30, reason: '测试' }, t.clock.now());
    await redeemFor(ctx(), v, towel, 2, t.clock.now());
    const res = await w.api('staffA', 'POST', `/store/goods/${towel}/stocktake`, { counted: 16, reason: '破损两条' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ expected: 18, counted: 16, difference: -2, stock: 16 });
    const same = (await w.api('staffA', 'POST', `/store/goods/${towel}/stocktake`, { counted: 16, reason: '复盘' })).json();
    expect(same).toMatchObject({ expected: 16, difference: 0 });
    expect((await w.api('staffA', 'POST', `/store/goods/${towel}/stocktake`, { counted: 16, reason: '' })).statusCode).toBe(400);
    expect((await w.api('staffB', 'POST', `/store/goods/${towel}/stocktake`, { counted: 1, reason: 'x' })).statusCode).toBe(404);
    await expectLedgerHolds();
  });
});

describe('concurrent redemptions', () => {
  it('30 volunteers at once never oversell the stock', async () => {
    const oil = await goods('staffA', { nodeId: w.tree.communityA.id, name: '食用油', pricePoints: 20 }, 12);
    const vs: VolunteerRef[] = [];
    for (let i = 0; i < 30; i++) {
      const v = await newVolunteer(`抢购${i}`);
      await adjustFor(ctx(), v, system, { points: 100, reason: '测试' }, t.clock.now());
      vs.push(v);
    }
    const results = await Promise.allSettled(vs.map((v) => redeemFor(ctx(), v, oil, 1, t.clock.now())));
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(12);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('out_of_stock');
    const stock = (await w.api('staffA', 'GET', `/store/goods/${oil}/movements`)).json().goods.stock;
    expect(stock).toBe(0);
    const codes = await queryRows<{ n: number; d: number }>(db(), sql`select count(*)::int as n, count(distinct pickup_code)::int as d from store_redemptions where goods_id = ${oil} and status = 'open'`);
    expect(codes[0]).toEqual({ n: 12, d: 12 });
    await expectLedgerHolds();
  });

  it('30 redemptions by one volunteer at once never take the balance below zero', async () => {
    const soap = await goods('staffA', { nodeId: w.tree.communityA.id, name: '洗衣液', pricePoints: 15 }, 100);
    const v = await newVolunteer('孙节约');
    await adjustFor(ctx(), v, system, { points: 7 * 15 + 10, reason: '测试' }, t.clock.now());
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => redeemFor(ctx(), v, soap, 1, t.clock.now())));
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(7);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('insufficient_points');
    expect(await balanceOf(db(), v.id)).toBe(10);
    const stock = (await w.api('staffA', 'GET', `/store/goods/${soap}/movements`)).json().goods.stock;
    expect(stock).toBe(93);
    await expectLedgerHolds();
  });
});

describe('expiry', () => {
  it('expires unspent points older than the period, first in first out, once', async () => {
    const v = await newVolunteer('周过期', 'B'); // the town's rule: 24 months
    const before = t.clock.now();
    t.clock.set('2024-01-10T10:00:00+08:00');
    await adjustFor(ctx(), v, system, { points: 100, reason: '早年积分' }, t.clock.now());
    t.clock.set('2024-06-10T10:00:00+08:00');
    await adjustFor(ctx(), v, system, { points: 50, reason: '后来积分' }, t.clock.now());
    t.clock.set('2025-01-10T10:00:00+08:00');
    await adjustFor(ctx(), v, system, { points: -30, reason: '花掉' }, t.clock.now());
    // 2026-01-09: nothing is 24 months old yet.
    t.clock.set('2026-01-09T10:00:00+08:00');
    await expirePoints(ctx(), t.clock.now());
    expect(await balanceOf(db(), v.id)).toBe(120);
    // 2026-01-11: the first 100 are, 30 of them spent first: 70 expire.
    t.clock.set('2026-01-11T10:00:00+08:00');
    await expirePoints(ctx(), t.clock.now());
    expect(await balanceOf(db(), v.id)).toBe(50);
    await expirePoints(ctx(), t.clock.now());
    expect(await balanceOf(db(), v.id)).toBe(50);
    t.clock.set('2026-06-11T10:00:00+08:00');
    await expirePoints(ctx(), t.clock.now());
    expect(await balanceOf(db(), v.id)).toBe(0);
    const kinds = await db().select({ kind: pointPostings.kind, points: pointPostings.points }).from(pointPostings).where(eq(pointPostings.volunteerId, v.id));
    expect(kinds.filter((k) => k.kind === 'expiry').map((k) => k.points)).toEqual([-70, -50]);
    await expectLedgerHolds();
    t.clock.set(before);
    await w.relogin('staffA', 'staffB');
  });
});

describe('the ledger after random operations', () => {
  it('every balance is the sum of its entries and every posting sums to zero', async () => {
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed >>> 12) % n;
    };
    const goodsIds = [
      await goods('staffA', { nodeId: w.tree.communityA.id, name: '香皂', pricePoints: 4 }, 15),
      await goods('staffA', { nodeId: w.tree.communityA.id, name: '牙膏', pricePoints: 7 }, 8),
    ];
    const vs = await Promise.all([1, 2, 3, 4, 5].map((i) => newVolunteer(`随机${i}`)));
    const open: number[] = [];
    t.clock.set('2026-07-01T10:00:00+08:00');
    const appCtx = { db: db(), clock: t.clock } as unknown as AppContext;
    const staffA: Principal = {
      userId: w.id.staffA,
      username: 'staffA',
      displayName: '社工A',
      homeNodeId: w.tree.communityA.id,
      sessionId: 0,
      roles: [{ id: 0, role: 'community_staff', orgNodeId: w.tree.communityA.id, path: w.tree.communityA.path }],
    };
    const outcomes: Record<string, number> = {};
    for (let step = 0; step < 150; step++) {
      t.clock.advance(3_600_000 * (1 + rnd(48)));
      const v = vs[rnd(vs.length)]!;
      const op = rnd(6);
      let label = '';
      try {
        if (op === 0) {
          await confirmed(v, 30 + rnd(300), '2026-07-15');
          await awardConfirmedService(ctx(), t.clock.now());
          label = 'award';
        } else if (op === 1) {
          open.push(await redeemFor(ctx(), v, goodsIds[rnd(2)]!, 1 + rnd(2), t.clock.now()));
          label = 'redeem';
        } else if (op === 2 && open.length) {
          await cancelRedemptionTx(ctx(), open.splice(rnd(open.length), 1)[0]!, null, '随机取消', t.clock.now());
          label = 'cancel';
        } else if (op === 3) {
          await adjustFor(ctx(), v, system, { points: rnd(2) ? 1 + rnd(40) : -(1 + rnd(40)), reason: '随机调整' }, t.clock.now());
          label = 'adjust';
        } else if (op === 4) {
          t.clock.advance(86_400_000 * 30 * rnd(4));
          await expirePoints(ctx(), t.clock.now());
          label = 'expire';
        } else {
          await receiveStock(appCtx, staffA, system, goodsIds[rnd(2)]!, { quantity: 1 + rnd(5) });
          label = 'receipt';
        }
      } catch (err) {
        const code = (err as { code?: string }).code;
        expect(['insufficient_points', 'out_of_stock', 'redemption_not_open']).toContain(code);
        label = `refused:${code}`;
      }
      outcomes[label] = (outcomes[label] ?? 0) + 1;
      if (step % 25 === 0) await expectLedgerHolds();
    }
    expect(Object.keys(outcomes).length, JSON.stringify(outcomes)).toBeGreaterThanOrEqual(6);
    await expectLedgerHolds();
    for (const v of vs) expect(await balanceOf(db(), v.id)).toBeGreaterThanOrEqual(0);
  });
});
