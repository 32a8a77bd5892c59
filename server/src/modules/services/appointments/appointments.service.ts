import { and, asc, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { serviceCenters } from '../../../db/schema/org.js';
import { appointments, serviceItems, serviceWindows } from '../../../db/schema/services.js';
import { assertCan, can, isVisible, type Principal } from '../../../platform/access.js';
import { dayStartMs, parseDay, toShanghaiIso } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { maskMobile, maskName } from '../../../platform/masking.js';
import { centerFor, publicCenter } from '../common/center.js';
import type { CenterListQuery, MineQuery } from './appointments.schema.js';
import { openPhone } from './booking.service.js';

/** Reading appointments: mine, a center's day for staff (masked), one in detail. */

const DAY_MS = 86_400_000;

const waitingPosition = sql<number | null>`case when ${appointments.status} = 'waiting' then (
  select count(*)::int + 1 from appointments w
  where w.window_id = ${appointments.windowId} and w.starts_at = ${appointments.startsAt} and w.status = 'waiting'
    and (w.created_at, w.id) < (${appointments.createdAt}, ${appointments.id})) end`;

function selectRows(ctx: AppContext, where: SQL | undefined) {
  return ctx.db
    .select({
      a: appointments,
      centerName: serviceCenters.name,
      windowNumber: serviceWindows.number,
      windowName: serviceWindows.name,
      cancelNoticeMinutes: serviceWindows.cancelNoticeMinutes,
      itemName: serviceItems.name,
      waitingPosition,
    })
    .from(appointments)
    .innerJoin(serviceCenters, eq(serviceCenters.id, appointments.serviceCenterId))
    .innerJoin(serviceWindows, eq(serviceWindows.id, appointments.windowId))
    .innerJoin(serviceItems, eq(serviceItems.id, appointments.itemId))
    .where(where);
}
type Row = Awaited<ReturnType<typeof selectRows>>[number];

function present(ctx: AppContext, r: Row, opts: { mask: boolean; canCancel: boolean }) {
  const a = r.a;
  let phone: string | null = null;
  try {
    phone = openPhone(ctx, a.phoneSealed);
  } catch {
    phone = null;
  }
  return {
    id: a.id,
    number: a.number,
    status: a.status,
    centerId: a.serviceCenterId,
    centerName: r.centerName,
    windowId: a.windowId,
    windowNumber: r.windowNumber,
    windowName: r.windowName,
    itemId: a.itemId,
    itemName: r.itemName,
    name: opts.mask ? (maskName(a.name) ?? '') : a.name,
    phone: opts.mask ? maskMobile(phone) : phone,
    partySize: a.partySize,
    startsAt: toShanghaiIso(a.startsAt),
    endsAt: toShanghaiIso(a.endsAt),
    note: a.note,
    waitingPosition: r.waitingPosition === null ? null : Number(r.waitingPosition),
    rescheduledFromId: a.rescheduledFromId,
    cancelReason: a.cancelReason,
    byStaff: a.userId === null || a.bookedBy !== a.userId,
    canCancel: opts.canCancel,
    createdAt: toShanghaiIso(a.createdAt),
  };
}

const cancellable = (r: Row, now: Date, staff: boolean) =>
  (r.a.status === 'booked' || r.a.status === 'waiting') &&
  (staff || r.a.status === 'waiting' || now.getTime() <= r.a.startsAt.getTime() - r.cancelNoticeMinutes * 60_000);

export async function mine(ctx: AppContext, principal: Principal, query: MineQuery) {
  const now = ctx.clock.now();
  const where = and(eq(appointments.userId, principal.userId), query.upcoming ? gte(appointments.endsAt, now) : undefined);
  const [rows, [total]] = await Promise.all([
    selectRows(ctx, where)
      .orderBy(query.upcoming ? asc(appointments.startsAt) : desc(appointments.startsAt), desc(appointments.id))
      .limit(query.limit)
      .offset(query.offset),
    ctx.db.select({ n: count() }).from(appointments).where(where),
  ]);
  return { items: rows.map((r) => present(ctx, r, { mask: false, canCancel: cancellable(r, now, false) })), total: total?.n ?? 0 };
}

/** A center's appointments of a day, for staff (services.read), names and phones masked. */
export async function centerDay(ctx: AppContext, principal: Principal, query: CenterListQuery) {
  const center = await centerFor(ctx.db, principal, query.centerId, 'services.read');
  const now = ctx.clock.now();
  const start = new Date(dayStartMs(parseDay(query.day)));
  const where = and(
    eq(appointments.serviceCenterId, center.id),
    gte(appointments.startsAt, start),
    lt(appointments.startsAt, new Date(start.getTime() + DAY_MS)),
    query.status ? eq(appointments.status, query.status) : undefined,
    query.windowId ? eq(appointments.windowId, query.windowId) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    selectRows(ctx, where).orderBy(asc(appointments.startsAt), asc(serviceWindows.number), asc(appointments.createdAt), asc(appointments.id)).limit(query.limit).offset(query.offset),
    ctx.db.select({ n: count() }).from(appointments).where(where),
  ]);
  const serve = can(principal, 'services.serve', center.nodePath);
  return { items: rows.map((r) => present(ctx, r, { mask: true, canCancel: serve && cancellable(r, now, true) })), total: total?.n ?? 0 };
}

/** One appointment: its owner, or staff of the center (services.read; phone unmasked with services.serve). */
export async function detail(ctx: AppContext, principal: Principal, id: number) {
  const [row] = await selectRows(ctx, eq(appointments.id, id));
  if (!row) throw errors.notFound();
  const now = ctx.clock.now();
  const owner = row.a.userId !== null && row.a.userId === principal.userId;
  if (owner) return present(ctx, row, { mask: false, canCancel: cancellable(row, now, false) });
  const center = await publicCenter(ctx.db, row.a.serviceCenterId);
  if (!isVisible(principal, center.nodePath)) throw errors.notFound();
  assertCan(principal, 'services.read', center.nodePath);
  const serve = can(principal, 'services.serve', center.nodePath);
  return present(ctx, row, { mask: !serve, canCancel: serve && cancellable(row, now, true) });
}
