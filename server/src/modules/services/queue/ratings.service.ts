import { aliasedTable, and, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { orgNodes, serviceCenters } from '../../../db/schema/org.js';
import { queueTickets, serviceItems, serviceRatings, serviceWindows } from '../../../db/schema/services.js';
import { roleAssignments, users } from '../../../db/schema/users.js';
import { assertCan, assertVisible, inSubtrees, scopePaths, type Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import { dayStartMs, parseDay, toShanghaiIso } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { maskName } from '../../../platform/masking.js';
import { notify } from '../../../platform/notifications.js';
import { roleHas } from '../../../platform/roles.js';
import { centerFor } from '../common/center.js';
import type { AnswerBody, RateBody, Rating, RatingQuery } from './queue.schema.js';

/**
 * 好差评: after a visit (a done ticket) its holder rates it once, by the ticket's link or signed in; 1 and 2 (不满意,
 * 非常不满意) need a reason, reach the center's staff and must be answered; the rater sees the answer.
 */
export const LEVEL_LABELS: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };
export const isBad = (level: number) => level <= 2;

/** Users holding services.serve by a role at the center's node (who answer its bad ratings). */
async function centerStaff(tx: Tx, nodeId: number): Promise<number[]> {
  const rows = await tx.select({ userId: roleAssignments.userId, role: roleAssignments.role }).from(roleAssignments).where(eq(roleAssignments.orgNodeId, nodeId));
  return [...new Set(rows.filter((r) => roleHas(r.role, 'services.serve')).map((r) => r.userId))];
}

export async function rate(ctx: AppContext, principal: Principal | null, actor: ActorContext, body: RateBody): Promise<Rating> {
  if ((body.token == null) === (body.ticketId == null)) throw errors.badRequest('rating_target', '请指定要评价的排队号', 'Give either the ticket token or the ticket id');
  if (body.ticketId != null && !principal) throw errors.unauthenticated();
  const reason = body.reason?.trim() || null;
  if (isBad(body.level) && !reason) throw errors.badRequest('rating_reason_required', '不满意的评价请填写原因', 'Say why when rating 不满意 or 非常不满意');
  const [t] = await ctx.db.select().from(queueTickets).where(body.token != null ? eq(queueTickets.token, body.token) : eq(queueTickets.id, body.ticketId!));
  if (!t || (body.ticketId != null && t.userId !== principal!.userId)) throw errors.notFound();
  if (t.status !== 'done') throw errors.conflict('ticket_not_done', '办理完成后才能评价', 'A visit can be rated once it is done');
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(serviceRatings)
      .values({
        ticketId: t.id,
        nodeId: t.nodeId,
        itemId: t.itemId,
        windowId: t.windowId,
        staffUserId: t.calledBy,
        userId: principal?.userId ?? t.userId,
        level: body.level,
        reason,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: serviceRatings.id });
    if (!row) throw errors.conflict('already_rated', '该次办理已评价', 'This visit is already rated');
    if (isBad(body.level)) {
      const staff = new Set(await centerStaff(tx, t.nodeId));
      if (t.calledBy != null) staff.add(t.calledBy);
      if (staff.size > 0) {
        await notify(tx, {
          userIds: [...staff],
          kind: 'services.rating.bad',
          title: `差评待回复：${t.number}（${LEVEL_LABELS[body.level]}）`,
          body: reason ?? '',
          en: { title: `A bad rating to answer: ${t.number}`, body: reason ?? '' },
          link: '/console/services/ratings',
          data: { ratingId: row.id },
        }, now);
      }
    }
    await recordAudit(tx, actor, now, { action: 'services.rating.create', objectType: 'service_rating', objectId: row.id, orgNodeId: t.nodeId, details: { level: body.level } });
    return row.id;
  });
  return (await loadRatings(ctx, eq(serviceRatings.id, id), 1, 0))[0]!;
}

export async function answer(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: AnswerBody): Promise<Rating> {
  const [r] = await ctx.db
    .select({ r: serviceRatings, path: orgNodes.path, number: queueTickets.number, token: queueTickets.token })
    .from(serviceRatings)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceRatings.nodeId))
    .innerJoin(queueTickets, eq(queueTickets.id, serviceRatings.ticketId))
    .where(eq(serviceRatings.id, id));
  if (!r) throw errors.notFound();
  assertVisible(principal, r.path);
  assertCan(principal, 'services.serve', r.path);
  const now = ctx.clock.now();
  const text = body.answer.trim();
  await ctx.db.transaction(async (tx) => {
    const [done] = await tx
      .update(serviceRatings)
      .set({ answer: text, answeredBy: principal.userId, answeredAt: now })
      .where(and(eq(serviceRatings.id, id), isNull(serviceRatings.answeredAt)))
      .returning({ id: serviceRatings.id });
    if (!done) throw errors.conflict('already_answered', '该评价已回复', 'This rating is already answered');
    if (r.r.userId != null) {
      await notify(tx, {
        userIds: [r.r.userId],
        kind: 'services.rating.answered',
        title: `您对 ${r.number} 的评价已回复`,
        body: text,
        en: { title: `Your rating of ${r.number} was answered`, body: text },
        link: `/m/services/tickets/${r.token}`,
        data: { ratingId: id },
      }, now);
    }
    await recordAudit(tx, actor, now, { action: 'services.rating.answer', objectType: 'service_rating', objectId: id, orgNodeId: r.r.nodeId });
  });
  return (await loadRatings(ctx, eq(serviceRatings.id, id), 1, 0))[0]!;
}

const staffUser = aliasedTable(users, 'staff_user');
const raterUser = aliasedTable(users, 'rater_user');
const answerUser = aliasedTable(users, 'answer_user');
const needsAnswer = sql`(${serviceRatings.level} <= 2 and ${serviceRatings.answeredAt} is null)`;

async function loadRatings(ctx: AppContext, where: SQL | undefined, limit: number, offset: number): Promise<Rating[]> {
  const rows = await ctx.db
    .select({
      r: serviceRatings,
      number: queueTickets.number,
      day: queueTickets.day,
      centerId: queueTickets.serviceCenterId,
      centerName: serviceCenters.name,
      itemName: serviceItems.name,
      windowNumber: serviceWindows.number,
      staffName: staffUser.displayName,
      raterName: raterUser.displayName,
      answeredByName: answerUser.displayName,
    })
    .from(serviceRatings)
    .innerJoin(queueTickets, eq(queueTickets.id, serviceRatings.ticketId))
    .innerJoin(serviceCenters, eq(serviceCenters.id, queueTickets.serviceCenterId))
    .innerJoin(orgNodes, eq(orgNodes.id, serviceRatings.nodeId))
    .leftJoin(serviceItems, eq(serviceItems.id, serviceRatings.itemId))
    .leftJoin(serviceWindows, eq(serviceWindows.id, serviceRatings.windowId))
    .leftJoin(staffUser, eq(staffUser.id, serviceRatings.staffUserId))
    .leftJoin(raterUser, eq(raterUser.id, serviceRatings.userId))
    .leftJoin(answerUser, eq(answerUser.id, serviceRatings.answeredBy))
    .where(where)
    .orderBy(desc(needsAnswer), desc(serviceRatings.createdAt), desc(serviceRatings.id))
    .limit(limit)
    .offset(offset);
  return rows.map((x) => ({
    id: x.r.id,
    ticketId: x.r.ticketId,
    ticketNumber: x.number,
    day: x.day,
    serviceCenterId: x.centerId,
    centerName: x.centerName,
    itemId: x.r.itemId,
    itemName: x.itemName,
    windowId: x.r.windowId,
    windowNumber: x.windowNumber,
    staffName: x.staffName,
    raterName: maskName(x.raterName),
    level: x.r.level,
    reason: x.r.reason,
    answer: x.r.answer,
    answeredByName: x.answeredByName,
    answeredAt: x.r.answeredAt ? toShanghaiIso(x.r.answeredAt) : null,
    createdAt: toShanghaiIso(x.r.createdAt),
    needsAnswer: isBad(x.r.level) && x.r.answeredAt == null,
  }));
}

/** Ratings in reach of services.serve, unanswered bad ones first. */
export async function listRatings(ctx: AppContext, principal: Principal, q: RatingQuery) {
  const conds: SQL[] = [inSubtrees(orgNodes.path, scopePaths(principal, 'services.serve'))];
  if (q.centerId != null) {
    await centerFor(ctx.db, principal, q.centerId, 'services.serve');
    conds.push(eq(queueTickets.serviceCenterId, q.centerId));
  }
  if (q.from && q.to && q.from > q.to) throw errors.badRequest('range_invalid', '开始日期晚于结束日期', 'from is after to');
  const base = [...conds];
  if (q.from) conds.push(gte(serviceRatings.createdAt, new Date(dayStartMs(parseDay(q.from)))));
  if (q.to) conds.push(lte(serviceRatings.createdAt, new Date(dayStartMs(parseDay(q.to) + 1) - 1)));
  if (q.level != null) conds.push(eq(serviceRatings.level, q.level));
  if (q.bad) conds.push(inArray(serviceRatings.level, [1, 2]));
  if (q.unanswered) conds.push(isNull(serviceRatings.answeredAt));
  const where = and(...conds);
  const count = async (w: SQL | undefined) =>
    (
      await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(serviceRatings)
        .innerJoin(queueTickets, eq(queueTickets.id, serviceRatings.ticketId))
        .innerJoin(orgNodes, eq(orgNodes.id, serviceRatings.nodeId))
        .where(w)
    )[0]!.n;
  const levels = await ctx.db
    .select({ level: serviceRatings.level, count: sql<number>`count(*)::int` })
    .from(serviceRatings)
    .innerJoin(queueTickets, eq(queueTickets.id, serviceRatings.ticketId))
    .innerJoin(orgNodes, eq(orgNodes.id, serviceRatings.nodeId))
    .where(where)
    .groupBy(serviceRatings.level);
  return {
    items: await loadRatings(ctx, where, q.limit, q.offset),
    total: await count(where),
    unansweredBad: await count(and(...base, needsAnswer)),
    levels: [5, 4, 3, 2, 1].map((level) => ({ level, count: levels.find((l) => l.level === level)?.count ?? 0 })),
  };
}
