import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { users } from '../../../db/schema/users.js';
import { appointments, queueTickets, serviceItems, serviceWindowItems, serviceWindows, type TicketStatus } from '../../../db/schema/services.js';
import type { Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import { shanghaiDate } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { maskName } from '../../../platform/masking.js';
import { notify } from '../../../platform/notifications.js';
import { centerFor } from '../common/center.js';
import { publishQueue } from './live.js';
import { activeWindow, loadTickets, presentTicket, rankSql, rowsOf, type TicketRow } from './tickets.service.js';

/**
 * The desk 叫号台: call next, re-call, serve, done, no-show, requeue, transfer.
 *
 * The order of the queue (rankSql): a window calls, among the waiting tickets of its center's day that it can serve
 * (waiting for it, or for any window and of an item it handles, or general tickets without an item),
 *   1. appointment tickets whose slot has begun, earliest slot first — at their time they go ahead of ALL walk-ins;
 *   2. walk-ins, by when they were taken (a requeued no-show by when it was requeued; a transfer keeps its place);
 *   3. appointment tickets whose slot has not begun (checked in early): called only when no one else waits.
 * A no-show is not waiting, so the next call moves past it.
 */

export const queueEmpty = () => errors.conflict('queue_empty', '没有等候的号', 'Nobody is waiting for this window');

async function windowAndCenter(ctx: AppContext, principal: Principal, windowId: number) {
  const [w] = await ctx.db.select().from(serviceWindows).where(eq(serviceWindows.id, windowId));
  if (!w) throw errors.notFound();
  const center = await centerFor(ctx.db, principal, w.serviceCenterId, 'services.serve');
  return { w, center };
}

async function noticeCalled(tx: Tx, t: TicketRow, windowNumber: number, windowName: string, now: Date) {
  if (t.userId == null) return;
  await notify(tx, {
    userIds: [t.userId],
    kind: 'services.queue.called',
    title: `请到${windowNumber}号窗口`,
    body: `您的排队号 ${t.number} 已叫号，请到${windowNumber}号窗口（${windowName}）办理。`,
    en: { title: `Please go to window ${windowNumber}`, body: `Your ticket ${t.number} is called: please go to window ${windowNumber} (${windowName}).` },
    link: `/m/services/tickets/${t.token}`,
    data: { ticketId: t.id },
  }, now);
}

/**
 * Call the next ticket for a window: one statement picks and marks it (`for update skip locked`), so two windows
 * calling at once never get the same ticket. 409 `queue_empty` when nobody waits for the window.
 */
export async function callNext(ctx: AppContext, principal: Principal, actor: ActorContext, windowId: number): Promise<TicketRow> {
  const { w, center } = await windowAndCenter(ctx, principal, windowId);
  if (!w.active) throw errors.conflict('window_inactive', '该窗口已停用', 'The window is not active');
  const now = ctx.clock.now();
  const day = shanghaiDate(now);
  const ticket = await ctx.db.transaction(async (tx) => {
    const res = await tx.execute(sql`
      with next as (
        select t.id from queue_tickets t
        where t.service_center_id = ${center.id} and t.day = ${day} and t.status = 'waiting'
          and (t.window_id = ${w.id}
               or (t.window_id is null and (t.item_id is null
                   or exists (select 1 from service_window_items wi where wi.window_id = ${w.id} and wi.item_id = t.item_id))))
        order by ${rankSql(now, 't')}, t.queued_at, t.id
        limit 1
        for update skip locked
      )
      update queue_tickets q
         set status = 'called', window_id = ${w.id}, called_at = ${now.toISOString()}::timestamptz, called_by = ${principal.userId},
             call_count = q.call_count + 1
        from next where q.id = next.id and q.status = 'waiting'
      returning q.id`);
    const id = rowsOf<{ id: number }>(res)[0]?.id;
    if (id == null) throw queueEmpty();
    const [t] = await tx.select().from(queueTickets).where(eq(queueTickets.id, id));
    await noticeCalled(tx, t!, w.number, w.name, now);
    await recordAudit(tx, actor, now, { action: 'services.queue.call', objectType: 'queue_ticket', objectId: id, orgNodeId: center.orgNodeId, details: { number: t!.number, window: w.number } });
    return t!;
  });
  publishQueue({ type: 'call', centerId: center.id, number: ticket.number, windowNumber: w.number, windowName: w.name, callCount: ticket.callCount });
  return ticket;
}

export type DeskAction = 'recall' | 'serve' | 'done' | 'no_show' | 'requeue' | 'transfer';

const FROM: Record<DeskAction, TicketStatus[]> = {
  recall: ['called'],
  serve: ['called'],
  done: ['called', 'serving'],
  no_show: ['called'],
  requeue: ['no_show'],
  transfer: ['waiting', 'called', 'serving'],
};

/** One step of a ticket at the desk; a conditional update on its status, so two clicks do it once. */
export async function deskAction(ctx: AppContext, principal: Principal, actor: ActorContext, ticketId: number, action: DeskAction, toWindowId?: number): Promise<TicketRow> {
  const [current] = await ctx.db.select().from(queueTickets).where(eq(queueTickets.id, ticketId));
  if (!current) throw errors.notFound();
  const center = await centerFor(ctx.db, principal, current.serviceCenterId, 'services.serve');
  const now = ctx.clock.now();
  if (action === 'requeue' && current.source === 'appointment') {
    throw errors.conflict('requeue_appointment', '预约号过号后不能重新排队，请重新取号', 'A missed appointment ticket cannot be requeued; take a walk-in ticket');
  }
  let target: typeof serviceWindows.$inferSelect | null = null;
  if (action === 'transfer') {
    if (toWindowId == null) throw errors.badRequest('window_required', '请选择要转到的窗口', 'Choose the window to transfer to');
    target = await activeWindow(ctx.db, center.id, toWindowId);
    if (target.id === current.windowId) throw errors.badRequest('same_window', '已是该窗口', 'The ticket is already at this window');
  }
  const set: Partial<typeof queueTickets.$inferInsert> = {};
  if (action === 'recall') Object.assign(set, { callCount: sql`${queueTickets.callCount} + 1` });
  if (action === 'serve') Object.assign(set, { status: 'serving', servingAt: now });
  if (action === 'done') Object.assign(set, { status: 'done', doneAt: now });
  if (action === 'no_show') Object.assign(set, { status: 'no_show' });
  if (action === 'requeue') Object.assign(set, { status: 'waiting', queuedAt: now, calledAt: null, calledBy: null });
  if (action === 'transfer') {
    Object.assign(set, { status: 'waiting', windowId: target!.id, transferredFromWindowId: current.windowId, calledAt: null, calledBy: null, servingAt: null });
  }
  const ticket = await ctx.db.transaction(async (tx) => {
    const [t] = await tx
      .update(queueTickets)
      .set(set)
      .where(and(eq(queueTickets.id, ticketId), inArray(queueTickets.status, FROM[action])))
      .returning();
    if (!t) throw errors.conflict('ticket_state', '该号的状态已变化，请刷新', 'The ticket has changed meanwhile; reload');
    if (t.appointmentId != null && (action === 'done' || action === 'no_show')) {
      await tx
        .update(appointments)
        .set({ status: action === 'done' ? 'served' : 'no_show', updatedAt: now })
        .where(and(eq(appointments.id, t.appointmentId), eq(appointments.status, 'checked_in')));
    }
    if (action === 'recall' && t.windowId != null) {
      const [w] = await tx.select().from(serviceWindows).where(eq(serviceWindows.id, t.windowId));
      await noticeCalled(tx, t, w!.number, w!.name, now);
    }
    await recordAudit(tx, actor, now, {
      action: `services.queue.${action}`,
      objectType: 'queue_ticket',
      objectId: t.id,
      orgNodeId: center.orgNodeId,
      details: { number: t.number, ...(target ? { toWindow: target.number } : {}) },
    });
    return t;
  });
  if (action === 'recall' && ticket.windowId != null) {
    const [w] = await ctx.db.select().from(serviceWindows).where(eq(serviceWindows.id, ticket.windowId));
    publishQueue({ type: 'call', centerId: center.id, number: ticket.number, windowNumber: w!.number, windowName: w!.name, callCount: ticket.callCount });
  } else publishQueue({ type: 'change', centerId: center.id });
  return ticket;
}

/** The desk's view of a center today: windows, items, every ticket (names masked); the given window's first. */
export async function deskView(ctx: AppContext, principal: Principal, centerId: number, windowId?: number) {
  const center = await centerFor(ctx.db, principal, centerId, 'services.serve');
  const now = ctx.clock.now();
  const day = shanghaiDate(now);
  const windows = await ctx.db.select().from(serviceWindows).where(and(eq(serviceWindows.serviceCenterId, centerId), eq(serviceWindows.active, true))).orderBy(asc(serviceWindows.number));
  const links = windows.length
    ? await ctx.db.select().from(serviceWindowItems).where(inArray(serviceWindowItems.windowId, windows.map((w) => w.id)))
    : [];
  const itemIds = [...new Set(links.map((l) => l.itemId))];
  const items = itemIds.length
    ? await ctx.db.select({ id: serviceItems.id, name: serviceItems.name }).from(serviceItems).where(and(inArray(serviceItems.id, itemIds), eq(serviceItems.active, true))).orderBy(asc(serviceItems.sort))
    : [];
  const rows = await loadTickets(ctx.db, and(eq(queueTickets.serviceCenterId, centerId), eq(queueTickets.day, day)), [
    sql`${rankSql(now)}`,
    asc(queueTickets.queuedAt),
    asc(queueTickets.id),
  ]);
  const userIds = [...new Set(rows.map((r) => r.t.userId).filter((x): x is number => x != null))];
  const names = new Map(
    userIds.length ? (await ctx.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds))).map((u) => [u.id, u.name]) : [],
  );
  const apptIds = rows.map((r) => r.t.appointmentId).filter((x): x is number => x != null);
  const appts = new Map(
    apptIds.length ? (await ctx.db.select({ id: appointments.id, number: appointments.number, name: appointments.name }).from(appointments).where(inArray(appointments.id, apptIds))).map((a) => [a.id, a]) : [],
  );
  const myItems = new Set(links.filter((l) => l.windowId === windowId).map((l) => l.itemId));
  const canCall = (t: TicketRow) => windowId != null && (t.windowId === windowId || (t.windowId == null && (t.itemId == null || myItems.has(t.itemId))));
  const tickets = rows.map((r) => {
    const a = r.t.appointmentId != null ? appts.get(r.t.appointmentId) : undefined;
    return {
      ...presentTicket(r),
      holderName: maskName(a?.name ?? (r.t.userId != null ? names.get(r.t.userId) : null)),
      appointmentNumber: a?.number ?? null,
      mine: canCall(r.t),
    };
  });
  tickets.sort((x, y) => Number(y.mine) - Number(x.mine));
  const count = (s: TicketStatus) => rows.filter((r) => r.t.status === s).length;
  return {
    center: { id: center.id, name: center.name },
    day,
    windows: windows.map((w) => ({ id: w.id, number: w.number, name: w.name, ticketPrefix: w.ticketPrefix, itemIds: links.filter((l) => l.windowId === w.id).map((l) => l.itemId) })),
    items,
    tickets,
    counts: { waiting: count('waiting'), called: count('called'), serving: count('serving'), done: count('done'), noShow: count('no_show') },
  };
}
