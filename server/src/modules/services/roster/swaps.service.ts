import { and, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { dutyShifts, dutySwaps } from '../../../db/schema/services.js';
import { users } from '../../../db/schema/users.js';
import type { Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import { toShanghaiIso } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { notify } from '../../../platform/notifications.js';
import { outboxDispatcherOf } from '../../notifications/notifications.dispatcher.js';
import { formatClock } from '../../rooms/hours.js';
import { pgConstraint } from '../../rooms/errors.js';
import { centerFor, visibleCenter } from '../common/center.js';
import { dutyPerson } from './roster.common.js';
import type { DecideBody, SwapBody, SwapQuery } from './roster.schema.js';

/**
 * Swaps 换班: the person on duty asks to hand a shift to a colleague; someone else with services.manage over the
 * center approves or rejects. Approval moves the shift in the same transaction as the decision; both people are told.
 */

const swapErrors = {
  notYours: () => errors.conflict('swap_not_your_shift', '只能为自己的班次申请换班', 'You can only ask to swap your own shift'),
  pending: () => errors.conflict('swap_pending', '该班次已有待审批的换班申请', 'This shift already has a pending swap request'),
  past: () => errors.conflict('swap_past_shift', '已过去的班次不能换班', 'A past shift cannot be swapped'),
  own: () => errors.conflict('swap_own_request', '不能审批自己的换班申请', 'You cannot decide your own swap request'),
  decided: () => errors.conflict('swap_decided', '该换班申请已处理', 'This swap request has already been decided'),
  sameUser: () => errors.badRequest('swap_same_person', '不能换给自己', 'You cannot hand a shift to yourself'),
  taken: () => errors.conflict('swap_target_busy', '接班人员在该时段已有班次', 'The colleague already has a shift starting then'),
};

const fromUser = alias(users, 'from_user');
const toUser = alias(users, 'to_user');

function swapSelect(ctx: AppContext) {
  return ctx.db
    .select({ swap: dutySwaps, shift: dutyShifts, fromName: fromUser.displayName, toName: toUser.displayName })
    .from(dutySwaps)
    .innerJoin(dutyShifts, eq(dutyShifts.id, dutySwaps.shiftId))
    .innerJoin(fromUser, eq(fromUser.id, dutySwaps.fromUserId))
    .innerJoin(toUser, eq(toUser.id, dutySwaps.toUserId));
}

type SwapRow = Awaited<ReturnType<ReturnType<typeof swapSelect>['where']>>[number];

function presentSwap(r: SwapRow) {
  const s = r.swap;
  return {
    id: s.id,
    shiftId: s.shiftId,
    day: r.shift.day,
    starts: formatClock(r.shift.startsMin),
    ends: formatClock(r.shift.endsMin),
    fromUserId: s.fromUserId,
    fromName: r.fromName,
    toUserId: s.toUserId,
    toName: r.toName,
    reason: s.reason,
    status: s.status,
    decidedBy: s.decidedBy,
    decidedAt: s.decidedAt ? toShanghaiIso(s.decidedAt) : null,
    decisionNote: s.decisionNote,
    createdAt: toShanghaiIso(s.createdAt),
  };
}

async function loadSwap(ctx: AppContext, id: number) {
  const [row] = await swapSelect(ctx).where(eq(dutySwaps.id, id));
  if (!row) throw errors.notFound();
  return row;
}

export async function listSwaps(ctx: AppContext, principal: Principal, q: SwapQuery) {
  const center = await centerFor(ctx.db, principal, q.centerId, 'services.read');
  const rows = await swapSelect(ctx)
    .where(and(eq(dutyShifts.serviceCenterId, center.id), q.status ? eq(dutySwaps.status, q.status) : undefined))
    .orderBy(desc(dutySwaps.createdAt), desc(dutySwaps.id))
    .limit(200);
  return { items: rows.map(presentSwap) };
}

export async function requestSwap(ctx: AppContext, principal: Principal, actor: ActorContext, body: SwapBody) {
  const [shift] = await ctx.db.select().from(dutyShifts).where(eq(dutyShifts.id, body.shiftId));
  if (!shift) throw errors.notFound();
  const center = await visibleCenter(ctx.db, principal, shift.serviceCenterId);
  if (shift.userId !== principal.userId) throw swapErrors.notYours();
  if (body.toUserId === principal.userId) throw swapErrors.sameUser();
  const now = ctx.clock.now();
  const today = toShanghaiIso(now).slice(0, 10);
  if (shift.day < today) throw swapErrors.past();
  const to = await dutyPerson(ctx.db, center, body.toUserId);
  let id: number;
  try {
    id = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(dutySwaps)
        .values({ shiftId: shift.id, fromUserId: principal.userId, toUserId: to.id, reason: body.reason.trim(), createdAt: now })
        .returning({ id: dutySwaps.id });
      await recordAudit(tx, actor, now, { action: 'services.duty_swap.request', objectType: 'duty_swap', objectId: row!.id, orgNodeId: center.orgNodeId, details: { shiftId: shift.id, toUserId: to.id } });
      await notify(
        tx,
        {
          userIds: [to.id],
          kind: 'services.duty_swap.requested',
          title: `换班申请：${principal.displayName} 希望将 ${shift.day} 的值班交给你`,
          body: body.reason.trim(),
          en: { title: `Swap request: ${principal.displayName} would like to hand you the duty on ${shift.day}`, body: body.reason.trim() },
          link: '/console/services/roster',
          data: { swapId: row!.id, shiftId: shift.id },
        },
        now,
      );
      return row!.id;
    });
  } catch (err) {
    if (pgConstraint(err) === 'duty_swaps_one_pending_key') throw swapErrors.pending();
    throw err;
  }
  outboxDispatcherOf(ctx).kick();
  return presentSwap(await loadSwap(ctx, id));
}

/** Approve (moving the shift) or reject; never by the requester; the pending state decides under concurrency. */
export async function decideSwap(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: DecideBody) {
  const current = await loadSwap(ctx, id);
  const center = await centerFor(ctx.db, principal, current.shift.serviceCenterId, 'services.manage');
  if (current.swap.fromUserId === principal.userId) throw swapErrors.own();
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (tx) => {
      const [swap] = await tx
        .update(dutySwaps)
        .set({ status: body.approve ? 'approved' : 'rejected', decidedBy: principal.userId, decidedAt: now, decisionNote: body.note?.trim() || null })
        .where(and(eq(dutySwaps.id, id), eq(dutySwaps.status, 'pending')))
        .returning();
      if (!swap) throw swapErrors.decided();
      if (body.approve) {
        const [moved] = await tx
          .update(dutyShifts)
          .set({ userId: swap.toUserId, updatedAt: now })
          .where(and(eq(dutyShifts.id, swap.shiftId), eq(dutyShifts.userId, swap.fromUserId)))
          .returning({ id: dutyShifts.id });
        if (!moved) throw swapErrors.decided();
      }
      await recordAudit(tx, actor, now, {
        action: body.approve ? 'services.duty_swap.approve' : 'services.duty_swap.reject',
        objectType: 'duty_swap',
        objectId: id,
        orgNodeId: center.orgNodeId,
        details: { shiftId: swap.shiftId, fromUserId: swap.fromUserId, toUserId: swap.toUserId },
      });
      const verdict = body.approve ? { zh: '已批准', en: 'approved' } : { zh: '未批准', en: 'rejected' };
      await notify(
        tx,
        {
          userIds: [swap.fromUserId, swap.toUserId],
          kind: 'services.duty_swap.decided',
          title: `换班申请${verdict.zh}：${current.shift.day} ${formatClock(current.shift.startsMin)}–${formatClock(current.shift.endsMin)}`,
          body: body.approve ? `该班次由 ${current.toName} 值班` : (body.note?.trim() ?? ''),
          en: {
            title: `Swap request ${verdict.en}: ${current.shift.day} ${formatClock(current.shift.startsMin)}–${formatClock(current.shift.endsMin)}`,
            body: body.approve ? `${current.toName} is on duty for this shift` : (body.note?.trim() ?? ''),
          },
          link: '/console/services/roster',
          data: { swapId: id, shiftId: swap.shiftId },
        },
        now,
      );
    });
  } catch (err) {
    if (pgConstraint(err) === 'duty_shifts_person_key') throw swapErrors.taken();
    throw err;
  }
  outboxDispatcherOf(ctx).kick();
  return presentSwap(await loadSwap(ctx, id));
}

/** The requester withdraws a pending request. */
export async function withdrawSwap(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const current = await loadSwap(ctx, id);
  const center = await visibleCenter(ctx.db, principal, current.shift.serviceCenterId);
  if (current.swap.fromUserId !== principal.userId) throw errors.forbidden();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [swap] = await tx
      .update(dutySwaps)
      .set({ status: 'withdrawn', decidedAt: now })
      .where(and(eq(dutySwaps.id, id), eq(dutySwaps.status, 'pending')))
      .returning({ id: dutySwaps.id });
    if (!swap) throw swapErrors.decided();
    await recordAudit(tx, actor, now, { action: 'services.duty_swap.withdraw', objectType: 'duty_swap', objectId: id, orgNodeId: center.orgNodeId });
  });
  return presentSwap(await loadSwap(ctx, id));
}

