import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { storeGoods } from '../../db/schema/points.js';
import { isUnder } from '../../platform/access.js';
import { chinaTime, type DemoSession } from '../../platform/demo.js';
import { QINGSHAN_CODE } from '../org/org.demoPlaces.js';
import { awardConfirmedService } from './awards.job.js';
import { adjust } from './points.service.js';
import { findVolunteer, type VolunteerRef } from './points.scope.js';
import { setRule } from './rules.service.js';
import { createGoods, handOver, receiveStock, redeemFor } from './store.service.js';

/**
 * The points demo (after the volunteers and activities demos): the county sets 草原社区's point rule, the community's
 * staff open its 爱心超市 with eight goods and stock them, confirmed service hours become points (the award job),
 * staff award a few volunteers with reasons, and two volunteers redeem — one has picked the goods up, the other
 * still holds a pickup code. Every step is the service its route calls, on the demo clock. Skipped when the store
 * already has goods.
 */
export interface PointsDemoResult {
  skipped: boolean;
  goods: number;
  awardedEntries: number;
  adjustments: number;
  redemptions: number;
}

const GOODS: { name: string; description: string; price: number; limit: number | null; stock: number }[] = [
  { name: '大米（5公斤）', description: '东北大米，每袋5公斤', price: 60, limit: 1, stock: 20 },
  { name: '食用油（1.8升）', description: '压榨花生油', price: 50, limit: 1, stock: 15 },
  { name: '洗衣液（2公斤）', description: '薰衣草香型', price: 30, limit: 2, stock: 24 },
  { name: '毛巾', description: '纯棉毛巾，两条装', price: 15, limit: 2, stock: 40 },
  { name: '挂面', description: '鸡蛋挂面，1公斤', price: 20, limit: 2, stock: 30 },
  { name: '抽纸', description: '三层抽纸，6包装', price: 12, limit: 3, stock: 50 },
  { name: '牙膏', description: '含氟牙膏', price: 10, limit: 2, stock: 36 },
  { name: '香皂', description: '硫磺皂，两块装', price: 8, limit: null, stock: 60 },
];

const AWARD_REASONS = ['疫苗接种点秩序维护表现突出', '冬季扫雪除冰志愿服务', '协助网格员入户走访独居老人', '社区“红马甲”月度之星'];

export interface PointsDemoOptions {
  /** The community whose store it is (default: 草原社区 of 青山区), by id or by its name under 青山区. */
  communityId?: number;
  communityName?: string;
  /** Its staff (points.manage) and someone who may set its point rule (volunteers.configure). */
  staff?: string;
  configurer?: string;
}

async function defaultCommunity(session: DemoSession, name = '草原社区'): Promise<number | null> {
  const [row] = await queryRows<{ id: number }>(
    session.ctx.db,
    sql`select c.id from org_nodes c join org_nodes q on c.path <@ q.path where q.code = ${QINGSHAN_CODE} and c.kind = 'community' and c.name = ${name} order by c.id limit 1`,
  );
  return row?.id ?? null;
}

export async function seedPointsDemo(session: DemoSession, volunteerIds: number[], opts: PointsDemoOptions = {}): Promise<PointsDemoResult> {
  const result: PointsDemoResult = { skipped: true, goods: 0, awardedEntries: 0, adjustments: 0, redemptions: 0 };
  const { ctx, clock, until } = session;
  const communityId = opts.communityId ?? (await defaultCommunity(session, opts.communityName));
  if (communityId == null) return result;
  const [existing] = await ctx.db.select({ id: storeGoods.id }).from(storeGoods).where(eq(storeGoods.nodeId, communityId)).limit(1);
  if (existing) return result;
  result.skipped = false;
  const staff = await session.person(opts.staff ?? 'caoyuan.staff');
  const configurer = await session.person(opts.configurer ?? 'qingshan.admin');

  // Four weeks ago: the rule, then the store opens.
  clock.set(chinaTime(until, -28, '09:00'));
  await setRule(ctx, configurer.principal, configurer.actor, { nodeId: communityId, perHour: 10, perActivity: 5, dailyCap: 100, monthlyCap: 400, expiryMonths: 24 });
  clock.set(chinaTime(until, -28, '10:00'));
  const goodsIds: number[] = [];
  for (const g of GOODS) {
    const created = await createGoods(ctx, staff.principal, staff.actor, { nodeId: communityId, name: g.name, description: g.description, pricePoints: g.price, monthlyLimit: g.limit });
    clock.advance(60_000);
    await receiveStock(ctx, staff.principal, staff.actor, created.id, { quantity: g.stock, reason: '共建单位捐赠入库' });
    goodsIds.push(created.id);
    result.goods++;
  }

  // The service confirmed so far becomes points.
  clock.set(chinaTime(until, -21, '02:00'));
  result.awardedEntries += await awardConfirmedService(ctx, clock.now());

  const volunteers: VolunteerRef[] = [];
  for (const id of volunteerIds) {
    const v = await findVolunteer(ctx.db, id);
    if (v) volunteers.push(v);
  }
  const community = await queryRows<{ path: string }>(ctx.db, sql`select path::text as path from org_nodes where id = ${communityId}`);
  const communityPath = community[0]!.path;
  const local = volunteers.filter((v) => isUnder(v.path, communityPath));

  // Staff award a few of the community's volunteers, with reasons.
  for (const [i, v] of local.slice(0, AWARD_REASONS.length).entries()) {
    clock.set(chinaTime(until, -14 + i, '15:30'));
    await adjust(ctx, staff.principal, staff.actor, v.id, { points: 80 + 20 * i, reason: AWARD_REASONS[i]! });
    result.adjustments++;
  }

  // The job's later runs: service confirmed since.
  clock.set(chinaTime(until, -1, '02:00'));
  result.awardedEntries += await awardConfirmedService(ctx, clock.now());

  // Two redemptions: the first is picked up the next day, the second still waits with its code.
  const redeemers = local.slice(0, 2);
  for (const [i, v] of redeemers.entries()) {
    clock.set(chinaTime(until, -7 + 3 * i, '10:15'));
    const goodsId = goodsIds[i === 0 ? 3 : 2]!;
    const redemptionId = await redeemFor(ctx, v, goodsId, 1, clock.now());
    result.redemptions++;
    if (i === 0) {
      clock.set(chinaTime(until, -6, '16:40'));
      const [row] = await queryRows<{ code: string }>(ctx.db, sql`select pickup_code as code from store_redemptions where id = ${redemptionId}`);
      await handOver(ctx, staff.principal, staff.actor, row!.code);
    }
  }
  clock.set(until);
  return result;
}
