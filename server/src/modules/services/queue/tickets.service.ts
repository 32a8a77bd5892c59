import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { serviceCenters } from '../../../db/schema/org.js';
import { queueCounters, queueTickets, serviceItems, serviceRatings, serviceWindowItems, serviceWindows, type TicketSource } from '../../../db/schema/services.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import { shanghaiDate, toShanghaiIso } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { resolveDay } from '../../rooms/hours.js';
import { centerScheduleData } from '../../rooms/hours.service.js';
import type { ServicesCenter } from '../common/center.js';
import { publishQueue } from './live.js';
import type { HeldTicket, Ticket } from './queue.schema.js';

/** Tickets: numbering, taking one, and how a ticket is shown. */

export type TicketRow = typeof queueTickets.$inferSelect;
const iso = (d: Date | null) => (d ? toShanghaiIso(d) : null);

export const hallClosed = () => errors.conflict('hall_closed', '服务大厅现在不在开放时间', 'The service hall is not open now');

/** Whether the center's hall (its `purpose = 'hall'` schedule) is open at `now`. No hall hours → closed. */
export async function hallOpenAt(db: DbOrTx, center: ServicesCenter, now: Date): Promise<boolean> {
  const day = shanghaiDate(now);
  const { schedules, data, holidays } = await centerScheduleData(db, center.id, center.orgNodeId, { from: day, to: day });
  const hall = schedules.find((s) => s.purpose === 'hall');
  if (!hall) return false;
  const resolved = resolveDay(data.get(hall.id)!, day, holidays.on(day));
  const minute = Math.floor((now.getTime() + 8 * 3_600_000) / 60_000) % 1440;
  return resolved.intervals.some((i) => i.start <= minute && minute < i.end);
}

/** The next number of a prefix for a center's day: one statement, so two kiosks never print the same number. */
export async function nextNumber(db: DbOrTx, centerId: number, day: string, prefix: string): Promise<string> {
  const [row] = await db
    .insert(queueCounters)
    .values({ serviceCenterId: centerId, day, prefix, last: 1 })
    .onConflictDoUpdate({ target: [queueCounters.serviceCenterId, queueCounters.day, queueCounters.prefix], set: { last: sql`${queueCounters.last} + 1` } })
    .returning({ last: queueCounters.last });
  return `${prefix}${String(row!.last).padStart(3, '0')}`;
}

/** Rows of a raw `db.execute`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export function newTicketToken(): string {
  return randomBytes(18).toString('base64url');
}

/** Active windows of a center handling an item, by number. */
export async function windowsForItem(db: DbOrTx, centerId: number, itemId: number) {
  return db
    .select({ id: serviceWindows.id, number: serviceWindows.number, ticketPrefix: serviceWindows.ticketPrefix })
    .from(serviceWindows)
    .innerJoin(serviceWindowItems, eq(serviceWindowItems.windowId, serviceWindows.id))
    .where(and(eq(serviceWindows.serviceCenterId, centerId), eq(serviceWindows.active, true), eq(serviceWindowItems.itemId, itemId)))
    .orderBy(asc(serviceWindows.number));
}

export async function activeWindow(db: DbOrTx, centerId: number, windowId: number) {
  const [w] = await db.select().from(serviceWindows).where(and(eq(serviceWindows.id, windowId), eq(serviceWindows.serviceCenterId, centerId)));
  if (!w || !w.active) throw errors.badRequest('window_not_at_center', '该窗口不属于此中心或已停用', 'The window is not an active window of this center');
  return w;
}

export interface TakeInput {
  center: ServicesCenter;
  itemId?: number | null;
  windowId?: number | null;
  source: Exclude<TicketSource, 'appointment'>;
  userId?: number | null;
}

/**
 * Take a walk-in ticket: only while the hall is open. With an item the ticket waits for the one window handling
 * it, or for any of several (window null, the first one's prefix); without one it waits for any window ('A').
 */
export async function takeTicket(ctx: AppContext, actor: ActorContext, input: TakeInput): Promise<TicketRow> {
  const now = ctx.clock.now();
  const day = shanghaiDate(now);
  const { center } = input;
  if (!(await hallOpenAt(ctx.db, center, now))) throw hallClosed();
  let windowId: number | null = null;
  let prefix = 'A';
  if (input.windowId != null) {
    const w = await activeWindow(ctx.db, center.id, input.windowId);
    if (input.itemId != null && !(await windowsForItem(ctx.db, center.id, input.itemId)).some((x) => x.id === w.id)) {
      throw errors.badRequest('window_item_mismatch', '该窗口不办理此事项', 'This window does not handle the item');
    }
    windowId = w.id;
    prefix = w.ticketPrefix;
  } else if (input.itemId != null) {
    const [item] = await ctx.db.select({ active: serviceItems.active }).from(serviceItems).where(eq(serviceItems.id, input.itemId));
    if (!item || !item.active) throw errors.notFound();
    const ws = await windowsForItem(ctx.db, center.id, input.itemId);
    if (ws.length === 0) throw errors.conflict('item_not_at_center', '本中心没有窗口办理此事项', 'No window of this center handles the item');
    windowId = ws.length === 1 ? ws[0]!.id : null;
    prefix = ws[0]!.ticketPrefix;
  }
  if (input.userId != null) {
    const [held] = await ctx.db
      .select({ id: queueTickets.id })
      .from(queueTickets)
      .where(and(eq(queueTickets.userId, input.userId), eq(queueTickets.serviceCenterId, center.id), eq(queueTickets.day, day), inArray(queueTickets.status, ['waiting', 'called', 'serving'])))
      .limit(1);
    if (held) throw errors.conflict('ticket_already_held', '您在本中心已有排队号', 'You already hold a ticket at this center');
  }
  const row = await ctx.db.transaction(async (tx) => {
    const number = await nextNumber(tx, center.id, day, prefix);
    const [t] = await tx
      .insert(queueTickets)
      .values({
        serviceCenterId: center.id,
        nodeId: center.orgNodeId,
        day,
        number,
        itemId: input.itemId ?? null,
        windowId,
        userId: input.userId ?? null,
        source: input.source,
        queuedAt: now,
        takenAt: now,
        token: newTicketToken(),
      })
      .returning();
    await recordAudit(tx, actor, now, { action: 'services.queue.take', objectType: 'queue_ticket', objectId: t!.id, orgNodeId: center.orgNodeId, details: { number, source: input.source } });
    return t!;
  });
  publishQueue({ type: 'change', centerId: center.id });
  return row;
}

/** Tickets with their center, item and window, by a condition. */
export async function loadTickets(db: DbOrTx, where: SQL | undefined, order: SQL[] = [asc(queueTickets.id)]) {
  return db
    .select({
      t: queueTickets,
      centerName: serviceCenters.name,
      itemName: serviceItems.name,
      serviceMinutes: serviceItems.serviceMinutes,
      windowNumber: serviceWindows.number,
      windowName: serviceWindows.name,
    })
    .from(queueTickets)
    .innerJoin(serviceCenters, eq(serviceCenters.id, queueTickets.serviceCenterId))
    .leftJoin(serviceItems, eq(serviceItems.id, queueTickets.itemId))
    .leftJoin(serviceWindows, eq(serviceWindows.id, queueTickets.windowId))
    .where(where)
    .orderBy(...order);
}
export type LoadedTicket = Awaited<ReturnType<typeof loadTickets>>[number];

export function presentTicket(r: LoadedTicket): Ticket {
  const t = r.t;
  return {
    id: t.id,
    serviceCenterId: t.serviceCenterId,
    centerName: r.centerName,
    day: t.day,
    number: t.number,
    itemId: t.itemId,
    itemName: r.itemName,
    windowId: t.windowId,
    windowNumber: r.windowNumber,
    windowName: r.windowName,
    appointmentId: t.appointmentId,
    source: t.source,
    status: t.status,
    queuedAt: iso(t.queuedAt)!,
    takenAt: iso(t.takenAt)!,
    calledAt: iso(t.calledAt),
    callCount: t.callCount,
    servingAt: iso(t.servingAt),
    doneAt: iso(t.doneAt),
    transferredFromWindowId: t.transferredFromWindowId,
  };
}

/**
 * The queue's order (see desk.service.ts callNext): 0 = an appointment whose slot has begun, 1 = a walk-in,
 * 2 = an appointment before its slot; then by queued_at, then by id.
 */
export function rankSql(now: Date, alias = 'queue_tickets'): SQL {
  const a = sql.raw(alias);
  return sql`(case when ${a}.source = 'appointment' and ${a}.queued_at <= ${now.toISOString()}::timestamptz then 0 when ${a}.source <> 'appointment' then 1 else 2 end)`;
}

/** Waiting tickets that will be called before this one (sharing its window or its item), and an estimate in minutes. */
export async function positionOf(db: DbOrTx, r: LoadedTicket, now: Date): Promise<{ ahead: number; estimatedWaitMinutes: number | null }> {
  const t = r.t;
  if (t.status !== 'waiting') return { ahead: 0, estimatedWaitMinutes: t.status === 'called' || t.status === 'serving' ? 0 : null };
  const nowIso = now.toISOString();
  const res = await db.execute(sql`
    select
      (select count(*)::int from queue_tickets o
        where o.service_center_id = ${t.serviceCenterId} and o.day = ${t.day} and o.status = 'waiting' and o.id <> ${t.id}
          and (o.window_id = ${t.windowId} or o.item_id is not distinct from ${t.itemId} or o.window_id is null and o.item_id is null)
          and (${rankSql(now, 'o')}, o.queued_at, o.id) <
              ((case when ${t.source} = 'appointment' and ${t.queuedAt.toISOString()}::timestamptz <= ${nowIso}::timestamptz then 0 when ${t.source} <> 'appointment' then 1 else 2 end),
               ${t.queuedAt.toISOString()}::timestamptz, ${t.id}::int)) as ahead,
      (select count(*)::int from service_windows w join service_window_items wi on wi.window_id = w.id
        where w.service_center_id = ${t.serviceCenterId} and w.active and wi.item_id = ${t.itemId}) as windows,
      (select avg(extract(epoch from (d.done_at - coalesce(d.serving_at, d.called_at))) / 60)::float8 from queue_tickets d
        where d.service_center_id = ${t.serviceCenterId} and d.day = ${t.day} and d.status = 'done' and d.item_id is not distinct from ${t.itemId}) as avg_service`);
  const row = rowsOf<{ ahead: number; windows: number; avg_service: number | null }>(res)[0]!;
  const perVisit = row.avg_service ?? r.serviceMinutes ?? 10;
  const windows = t.windowId != null ? 1 : Math.max(1, row.windows);
  return { ahead: row.ahead, estimatedWaitMinutes: Math.round(((row.ahead + 1) * perVisit) / windows) };
}

export async function presentHeld(db: DbOrTx, r: LoadedTicket, now: Date): Promise<HeldTicket> {
  const [rating] = await db.select().from(serviceRatings).where(eq(serviceRatings.ticketId, r.t.id));
  return {
    ...presentTicket(r),
    token: r.t.token,
    link: `/m/services/tickets/${r.t.token}`,
    ...(await positionOf(db, r, now)),
    rating: rating
      ? { id: rating.id, level: rating.level, reason: rating.reason, answer: rating.answer, answeredAt: iso(rating.answeredAt), createdAt: iso(rating.createdAt)! }
      : null,
  };
}

/** A ticket by its link's token (public: numbers and places only). */
export async function ticketByToken(ctx: AppContext, token: string): Promise<HeldTicket> {
  const [r] = await loadTickets(ctx.db, eq(queueTickets.token, token));
  if (!r) throw errors.notFound();
  return presentHeld(ctx.db, r, ctx.clock.now());
}

/** The signed-in user's tickets of the last week, newest first. */
export async function myTickets(ctx: AppContext, userId: number): Promise<{ items: HeldTicket[] }> {
  const now = ctx.clock.now();
  const since = shanghaiDate(new Date(now.getTime() - 7 * 86_400_000));
  const rows = await loadTickets(ctx.db, and(eq(queueTickets.userId, userId), sql`${queueTickets.day} >= ${since}`), [sql`${queueTickets.takenAt} desc`]);
  return { items: await Promise.all(rows.slice(0, 30).map((r) => presentHeld(ctx.db, r, now))) };
}
