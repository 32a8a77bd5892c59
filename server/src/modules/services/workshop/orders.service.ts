import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { orgNodes } from '../../../db/schema/org.js';
import { workshopOrders, workshopProviders, workshopServices, type WorkshopOrderStatus } from '../../../db/schema/services.js';
import { users } from '../../../db/schema/users.js';
import { assertCan, can, inSubtrees, isVisible, scopePaths, type Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import { toShanghaiIso } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { maskMobile, maskName } from '../../../platform/masking.js';
import { notify } from '../../../platform/notifications.js';
import { outboxDispatcherOf } from '../../notifications/notifications.dispatcher.js';
import { addDays, startOfChinaDay } from '../../gridwork/days.js';
import type { ConfirmBody, DeclineBody, OrderBody, OrdersQuery, RateBody, StatsQuery } from './workshop.schema.js';

/**
 * Orders of the convenience workshop: requested → confirmed (or declined) → done; the resident cancels before done
 * and rates a done order once. Each step is a conditional update on the status, so two hands never both win.
 * Who sees what: a resident their own orders; a provider's linked account the provider's orders; staff with
 * services.read their subtree (services.manage to act on them).
 */

const orderErrors = {
  state: () => errors.conflict('workshop_order_state', '订单当前状态不允许此操作', 'The order is not in a state that allows this'),
  rated: () => errors.conflict('workshop_order_rated', '该订单已评价或尚未完成', 'The order is already rated or not done yet'),
  inactive: () => errors.conflict('workshop_service_inactive', '该服务暂不可预约', 'This service cannot be booked now'),
  past: () => errors.badRequest('workshop_time_past', '时间不能早于现在', 'The time cannot be in the past'),
};

function orderSelect(ctx: AppContext) {
  return ctx.db
    .select({
      order: workshopOrders,
      serviceName: workshopServices.name,
      category: workshopServices.category,
      priceCents: workshopServices.priceCents,
      unit: workshopServices.unit,
      providerName: workshopProviders.name,
      providerPhone: workshopProviders.phone,
      providerUserId: workshopProviders.userId,
      nodePath: orgNodes.path,
      residentName: users.displayName,
      residentMobile: users.mobile,
    })
    .from(workshopOrders)
    .innerJoin(workshopServices, eq(workshopServices.id, workshopOrders.serviceId))
    .innerJoin(workshopProviders, eq(workshopProviders.id, workshopOrders.providerId))
    .innerJoin(orgNodes, eq(orgNodes.id, workshopOrders.nodeId))
    .innerJoin(users, eq(users.id, workshopOrders.userId));
}
type OrderRow = Awaited<ReturnType<ReturnType<typeof orderSelect>['where']>>[number];

const iso = (d: Date | null) => (d ? toShanghaiIso(d) : null);

function present(r: OrderRow, masked: boolean) {
  const o = r.order;
  return {
    id: o.id,
    serviceId: o.serviceId,
    serviceName: r.serviceName,
    category: r.category,
    priceCents: r.priceCents,
    unit: r.unit,
    providerId: o.providerId,
    providerName: r.providerName,
    providerPhone: r.providerPhone,
    nodeId: o.nodeId,
    userId: o.userId,
    residentName: masked ? (maskName(r.residentName) ?? '*') : r.residentName,
    residentMobile: masked ? maskMobile(r.residentMobile) : r.residentMobile,
    preferredAt: iso(o.preferredAt),
    confirmedFor: iso(o.confirmedFor),
    note: o.note,
    status: o.status,
    declineReason: o.declineReason,
    rating: o.rating,
    ratingComment: o.ratingComment,
    createdAt: toShanghaiIso(o.createdAt),
    doneAt: iso(o.doneAt),
  };
}

async function loadOrder(ctx: AppContext, id: number) {
  const [row] = await orderSelect(ctx).where(eq(workshopOrders.id, id));
  if (!row) throw errors.notFound();
  return row;
}

/** The resident's own order, else 404 (or 403 for staff who can see it but are not the resident). */
function assertOwner(principal: Principal, r: OrderRow) {
  if (r.order.userId === principal.userId) return;
  if (isVisible(principal, r.nodePath) && can(principal, 'services.read', r.nodePath)) throw errors.forbidden();
  throw errors.notFound();
}

/** The provider's account, or staff with services.manage over the order's node. */
function assertProviderSide(principal: Principal, r: OrderRow) {
  if (r.providerUserId === principal.userId) return;
  assertCan(principal, 'services.manage', r.nodePath);
}

async function tell(tx: Tx, now: Date, userIds: (number | null)[], orderId: number, kind: string, zh: string, en: string, link: string) {
  const ids = [...new Set(userIds.filter((u): u is number => u != null))];
  if (ids.length) await notify(tx, { userIds: ids, kind: `services.workshop.${kind}`, title: zh, en: { title: en }, link, data: { orderId } }, now);
}

export async function placeOrder(ctx: AppContext, principal: Principal, actor: ActorContext, body: OrderBody) {
  const [svc] = await ctx.db
    .select({ service: workshopServices, provider: workshopProviders })
    .from(workshopServices)
    .innerJoin(workshopProviders, eq(workshopProviders.id, workshopServices.providerId))
    .innerJoin(orgNodes, eq(orgNodes.id, workshopProviders.nodeId))
    .where(and(eq(workshopServices.id, body.serviceId), sql`${orgNodes.path} @> (select h.path from org_nodes h where h.id = ${principal.homeNodeId})`));
  if (!svc) throw errors.notFound();
  if (!svc.service.active || !svc.provider.active) throw orderErrors.inactive();
  const now = ctx.clock.now();
  const preferredAt = body.preferredAt ? new Date(body.preferredAt) : null;
  if (preferredAt && preferredAt.getTime() < now.getTime()) throw orderErrors.past();
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(workshopOrders)
      .values({ serviceId: svc.service.id, providerId: svc.provider.id, nodeId: svc.provider.nodeId, userId: principal.userId, preferredAt, note: body.note?.trim() ?? '', createdAt: now, updatedAt: now })
      .returning({ id: workshopOrders.id });
    await recordAudit(tx, actor, now, { action: 'services.workshop_order.create', objectType: 'workshop_order', objectId: row!.id, orgNodeId: svc.provider.nodeId });
    await tell(tx, now, [svc.provider.userId], row!.id, 'requested', `便民工坊新预约：${svc.service.name}`, `New workshop booking: ${svc.service.name}`, '/m/services/workshop/mine');
    return row!.id;
  });
  outboxDispatcherOf(ctx).kick();
  return present(await loadOrder(ctx, id), false);
}

type Step = { from: WorkshopOrderStatus[]; set: Partial<typeof workshopOrders.$inferInsert>; action: string; notice?: { to: 'resident' | 'provider'; zh: string; en: string } };

async function step(ctx: AppContext, actor: ActorContext, r: OrderRow, s: Step, masked: boolean) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(workshopOrders)
      .set({ ...s.set, updatedAt: now })
      .where(and(eq(workshopOrders.id, r.order.id), sql`${workshopOrders.status} in (${sql.join(s.from.map((f) => sql`${f}`), sql`, `)})`))
      .returning({ id: workshopOrders.id });
    if (!row) throw orderErrors.state();
    await recordAudit(tx, actor, now, { action: `services.workshop_order.${s.action}`, objectType: 'workshop_order', objectId: r.order.id, orgNodeId: r.order.nodeId });
    if (s.notice) {
      const to = s.notice.to === 'resident' ? r.order.userId : r.providerUserId;
      const link = s.notice.to === 'resident' ? '/m/services/workshop/orders' : '/m/services/workshop/mine';
      await tell(tx, now, [to], r.order.id, s.action, s.notice.zh, s.notice.en, link);
    }
  });
  outboxDispatcherOf(ctx).kick();
  return present(await loadOrder(ctx, r.order.id), masked);
}

const maskedFor = (principal: Principal, r: OrderRow) => r.order.userId !== principal.userId && r.providerUserId !== principal.userId;

export async function confirmOrder(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: ConfirmBody) {
  const r = await loadOrder(ctx, id);
  assertProviderSide(principal, r);
  const at = new Date(body.confirmedFor);
  if (at.getTime() < ctx.clock.now().getTime()) throw orderErrors.past();
  const when = toShanghaiIso(at).slice(0, 16).replace('T', ' ');
  return step(ctx, actor, r, { from: ['requested', 'confirmed'], set: { status: 'confirmed', confirmedFor: at }, action: 'confirmed', notice: { to: 'resident', zh: `${r.serviceName} 已确认：${when}`, en: `${r.serviceName} confirmed for ${when}` } }, maskedFor(principal, r));
}

export async function declineOrder(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: DeclineBody) {
  const r = await loadOrder(ctx, id);
  assertProviderSide(principal, r);
  const reason = body.reason.trim();
  return step(ctx, actor, r, { from: ['requested', 'confirmed'], set: { status: 'declined', declineReason: reason }, action: 'declined', notice: { to: 'resident', zh: `${r.serviceName} 未能受理：${reason}`, en: `${r.serviceName} declined: ${reason}` } }, maskedFor(principal, r));
}

export async function completeOrder(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const r = await loadOrder(ctx, id);
  assertProviderSide(principal, r);
  return step(ctx, actor, r, { from: ['confirmed'], set: { status: 'done', doneAt: ctx.clock.now() }, action: 'done', notice: { to: 'resident', zh: `${r.serviceName} 已完成，欢迎评价`, en: `${r.serviceName} is done; please rate it` } }, maskedFor(principal, r));
}

export async function cancelOrder(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const r = await loadOrder(ctx, id);
  assertOwner(principal, r);
  return step(ctx, actor, r, { from: ['requested', 'confirmed'], set: { status: 'cancelled' }, action: 'cancelled', notice: { to: 'provider', zh: `预约已取消：${r.serviceName}`, en: `Booking cancelled: ${r.serviceName}` } }, false);
}

/** Rate a done order once: the conditional update (done, not rated) decides. */
export async function rateOrder(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: RateBody) {
  const r = await loadOrder(ctx, id);
  assertOwner(principal, r);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(workshopOrders)
      .set({ rating: body.rating, ratingComment: body.comment?.trim() || null, updatedAt: now })
      .where(and(eq(workshopOrders.id, id), eq(workshopOrders.status, 'done'), sql`${workshopOrders.rating} is null`))
      .returning({ id: workshopOrders.id });
    if (!row) throw orderErrors.rated();
    await recordAudit(tx, actor, now, { action: 'services.workshop_order.rated', objectType: 'workshop_order', objectId: id, orgNodeId: r.order.nodeId, details: { rating: body.rating } });
    await tell(tx, now, [r.providerUserId], id, 'rated', `${r.serviceName} 收到 ${body.rating} 星评价`, `${r.serviceName} was rated ${body.rating}/5`, '/m/services/workshop/mine');
  });
  return present(await loadOrder(ctx, id), false);
}

export async function getOrder(ctx: AppContext, principal: Principal, id: number) {
  const r = await loadOrder(ctx, id);
  if (r.order.userId !== principal.userId && r.providerUserId !== principal.userId) assertCan(principal, 'services.read', r.nodePath);
  return present(r, maskedFor(principal, r));
}

async function listWhere(ctx: AppContext, where: SQL | undefined, q: OrdersQuery, masked: (r: OrderRow) => boolean) {
  const conditions = [where, q.status ? eq(workshopOrders.status, q.status) : undefined, q.providerId ? eq(workshopOrders.providerId, q.providerId) : undefined];
  const all = and(...conditions);
  const rows = await orderSelect(ctx).where(all).orderBy(desc(workshopOrders.createdAt), desc(workshopOrders.id)).limit(q.limit ?? 50).offset(q.offset ?? 0);
  const [count] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(workshopOrders)
    .innerJoin(orgNodes, eq(orgNodes.id, workshopOrders.nodeId))
    .innerJoin(workshopProviders, eq(workshopProviders.id, workshopOrders.providerId))
    .where(all);
  return { items: rows.map((r) => present(r, masked(r))), total: count?.n ?? 0 };
}

export const myOrders = (ctx: AppContext, principal: Principal, q: OrdersQuery) => listWhere(ctx, eq(workshopOrders.userId, principal.userId), q, () => false);

export const providerOrders = (ctx: AppContext, principal: Principal, q: OrdersQuery) => listWhere(ctx, eq(workshopProviders.userId, principal.userId), q, () => false);

export function staffOrders(ctx: AppContext, principal: Principal, q: OrdersQuery) {
  const conditions: SQL[] = [inSubtrees(orgNodes.path, scopePaths(principal, 'services.read'))];
  if (q.nodeId) conditions.push(sql`${orgNodes.path} <@ (select n.path from org_nodes n where n.id = ${q.nodeId})`);
  return listWhere(ctx, and(...conditions), q, () => true);
}

/** Per provider under a node and period (by the day the order was made): orders, done and the average rating. */
export async function workshopStats(ctx: AppContext, principal: Principal, q: StatsQuery) {
  if (q.from > q.to) throw errors.badRequest('workshop_bad_range', '日期范围无效', 'Invalid date range');
  const [node] = await ctx.db.select({ path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.id, q.nodeId));
  if (!node) throw errors.notFound();
  assertCan(principal, 'services.read', node.path);
  const rows = await ctx.db
    .select({
      providerId: workshopProviders.id,
      name: workshopProviders.name,
      orders: sql<number>`count(${workshopOrders.id})::int`,
      done: sql<number>`count(${workshopOrders.id}) filter (where ${workshopOrders.status} = 'done')::int`,
      ratingSum: sql<number>`coalesce(sum(${workshopOrders.rating}), 0)::int`,
      rated: sql<number>`count(${workshopOrders.rating})::int`,
    })
    .from(workshopProviders)
    .innerJoin(orgNodes, eq(orgNodes.id, workshopProviders.nodeId))
    .leftJoin(
      workshopOrders,
      and(eq(workshopOrders.providerId, workshopProviders.id), gte(workshopOrders.createdAt, startOfChinaDay(q.from)), lt(workshopOrders.createdAt, startOfChinaDay(addDays(q.to, 1)))),
    )
    .where(sql`${orgNodes.path} <@ ${node.path}::ltree`)
    .groupBy(workshopProviders.id, workshopProviders.name)
    .orderBy(sql`count(${workshopOrders.id}) desc`, workshopProviders.name);
  const avg = (sum: number, n: number) => (n ? Math.round((sum / n) * 10) / 10 : null);
  const totals = rows.reduce((t, r) => ({ orders: t.orders + r.orders, done: t.done + r.done, sum: t.sum + r.ratingSum, n: t.n + r.rated }), { orders: 0, done: 0, sum: 0, n: 0 });
  return {
    nodeId: q.nodeId,
    from: q.from,
    to: q.to,
    items: rows.map((r) => ({ providerId: r.providerId, name: r.name, orders: r.orders, done: r.done, averageRating: avg(r.ratingSum, r.rated) })),
    totals: { orders: totals.orders, done: totals.done, averageRating: avg(totals.sum, totals.n) },
  };
}
