import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { appointments, appointmentSlots, serviceItems, serviceWindowItems, type AppointmentStatus } from '../../../db/schema/services.js';
import { assertCan, can, isVisible, type Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import { shanghaiDate, toShanghaiIso } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { notify } from '../../../platform/notifications.js';
import { pgErrorCode } from '../../rooms/errors.js';
import { publicCenter, type ServicesCenter } from '../common/center.js';
import type { BookBody, CancelBody, RescheduleBody } from './appointments.schema.js';
import { cutSlots, slotInstants } from './slots.js';
import { bookableWindows, bounds, hallDays } from './slots.service.js';
import { windowRow, type WindowRow } from './windows.service.js';

/**
 * Booking, cancelling and rescheduling appointments, and the waiting list. The seats are held by
 * `appointment_slots`: a booking inserts the slot row (on conflict do nothing), locks it, and takes seats with
 * `update … set taken = taken + party where taken + party <= capacity`; the check `taken <= capacity` is the last
 * guard. Cancelling gives the seats back and promotes waiting appointments of the slot (first come first served,
 * skipping a party that no longer fits) in the same transaction.
 */

const ACTIVE: AppointmentStatus[] = ['booked', 'waiting', 'checked_in'];
const CHECK_VIOLATION = '23514';

export interface Booker {
  userId: number | null;
  bookedBy: number;
  name: string;
  phoneSealed: string | null;
}

export interface BookInput {
  windowId?: number;
  centerId?: number;
  itemId: number;
  startsAt: Date;
  partySize: number;
  note?: string;
  waitlist?: boolean;
  rescheduledFromId?: number;
}

const bad = (code: string, zh: string, en: string, details?: unknown) => errors.badRequest(code, zh, en, details);

export const sealPhone = (ctx: AppContext, phone: string): string => {
  const s = ctx.personal.seal(phone);
  return `${s.keyId}:${s.cipher}`;
};
export const openPhone = (ctx: AppContext, sealed: string | null): string | null => {
  if (!sealed) return null;
  const i = sealed.indexOf(':');
  return ctx.personal.open({ keyId: sealed.slice(0, i), cipher: sealed.slice(i + 1) });
};

/** Windows a booking may go to, with the center. */
async function candidates(tx: Tx, input: BookInput): Promise<{ center: ServicesCenter; windows: WindowRow[] }> {
  if (input.windowId) {
    const w = await windowRow(tx, input.windowId);
    if (input.centerId && input.centerId !== w.serviceCenterId) throw errors.notFound();
    const center = await publicCenter(tx, w.serviceCenterId);
    if (!w.active || !w.acceptsAppointments) throw bad('window_not_bookable', '该窗口不接受预约', 'This window does not take appointments');
    const [handled] = await tx
      .select({ itemId: serviceWindowItems.itemId })
      .from(serviceWindowItems)
      .where(and(eq(serviceWindowItems.windowId, w.id), eq(serviceWindowItems.itemId, input.itemId)));
    if (!handled) throw bad('item_not_at_window', '该窗口不办理此事项', 'This window does not handle the item');
    return { center, windows: [w] };
  }
  if (!input.centerId) throw bad('window_required', '请指定窗口，或指定中心和事项', 'Give a window, or a center and an item');
  const center = await publicCenter(tx, input.centerId);
  const windows = await bookableWindows(tx, center.id, input.itemId);
  if (windows.length === 0) throw bad('item_not_at_window', '本中心没有可预约办理此事项的窗口', 'No window of this center takes appointments for the item');
  return { center, windows };
}

/** The booking rules of the slot for the candidate windows; returns those the slot is valid for. */
async function validWindows(tx: Tx, center: ServicesCenter, windows: WindowRow[], input: BookInput, now: Date): Promise<WindowRow[]> {
  const [item] = await tx.select({ modes: serviceItems.modes, active: serviceItems.active }).from(serviceItems).where(eq(serviceItems.id, input.itemId));
  if (!item || !item.active || !item.modes.includes('by_appointment')) {
    throw bad('item_not_by_appointment', '该事项不支持预约办理', 'The item cannot be booked by appointment');
  }
  const date = shanghaiDate(input.startsAt);
  const [day] = await hallDays(tx, center, date, date);
  const real = windows.filter((w) => cutSlots(day!.intervals, w.slotMinutes).some((s) => slotInstants(date, s).startsAt.getTime() === input.startsAt.getTime()));
  if (real.length === 0) {
    throw bad('not_a_slot', day!.open ? '所选时间不是可预约的时段' : `${date} 大厅不开放${day!.holiday.name ? `（${day!.holiday.name}）` : ''}`, 'The time is not a slot of the hall’s hours', { date });
  }
  const inBounds = real.filter((w) => {
    const b = bounds(w, now);
    return input.startsAt >= b.earliest && input.startsAt < b.latest;
  });
  if (inBounds.length === 0) {
    const b = bounds(real[0]!, now);
    if (input.startsAt < b.earliest) throw bad('too_soon', `须至少提前 ${real[0]!.minNoticeMinutes} 分钟预约`, `Book at least ${real[0]!.minNoticeMinutes} minutes ahead`);
    throw bad('too_far', `最多可预约 ${real[0]!.maxAdvanceDays} 天内的时段`, `Slots can be booked at most ${real[0]!.maxAdvanceDays} days ahead`);
  }
  const fits = inBounds.filter((w) => input.partySize <= w.maxPartySize);
  if (fits.length === 0) {
    const max = Math.max(...inBounds.map((w) => w.maxPartySize));
    throw bad('party_too_large', `每次预约最多 ${max} 人`, `At most ${max} people per appointment`, { maxPartySize: max });
  }
  return fits;
}

async function ensureSlot(tx: Tx, w: WindowRow, startsAt: Date) {
  const endsAt = new Date(startsAt.getTime() + w.slotMinutes * 60_000);
  await tx.insert(appointmentSlots).values({ windowId: w.id, startsAt, endsAt, capacity: w.slotCapacity, taken: 0 }).onConflictDoNothing();
  const [slot] = await tx
    .select({ endsAt: appointmentSlots.endsAt })
    .from(appointmentSlots)
    .where(and(eq(appointmentSlots.windowId, w.id), eq(appointmentSlots.startsAt, startsAt)))
    .for('update');
  return slot!;
}

/** Take seats: the conditional update; false when they do not fit. */
async function takeSeats(tx: Tx, windowId: number, startsAt: Date, party: number): Promise<boolean> {
  try {
    const rows = await tx
      .update(appointmentSlots)
      .set({ taken: sql`${appointmentSlots.taken} + ${party}` })
      .where(and(eq(appointmentSlots.windowId, windowId), eq(appointmentSlots.startsAt, startsAt), sql`${appointmentSlots.taken} + ${party} <= ${appointmentSlots.capacity}`))
      .returning({ taken: appointmentSlots.taken });
    return rows.length > 0;
  } catch (err) {
    // The where clause keeps taken within capacity; the check is the last guard. A failed statement aborts the
    // transaction in PostgreSQL, so this cannot fall through to another window: it is a plain 409.
    if (pgErrorCode(err) === CHECK_VIOLATION) throw errors.conflict('slot_full', '该时段已约满', 'The slot is full');
    throw err;
  }
}

async function releaseSeats(tx: Tx, windowId: number, startsAt: Date, party: number) {
  await tx
    .update(appointmentSlots)
    .set({ taken: sql`greatest(${appointmentSlots.taken} - ${party}, 0)` })
    .where(and(eq(appointmentSlots.windowId, windowId), eq(appointmentSlots.startsAt, startsAt)));
}

/**
 * Book inside a transaction. Exported for the queue part, the demo and the bench. Returns the appointment's id and
 * status ('booked', or 'waiting' when full and `waitlist`); 409 slot_full otherwise.
 */
export async function bookIn(tx: Tx, ctx: AppContext, actor: ActorContext, who: Booker, input: BookInput, now: Date) {
  const { center, windows } = await candidates(tx, input);
  const valid = await validWindows(tx, center, windows, input, now);
  let chosen: WindowRow | null = null;
  let endsAt: Date | null = null;
  for (const [i, w] of valid.entries()) {
    const slot = await ensureSlot(tx, w, input.startsAt);
    if (i === 0 && who.userId !== null) {
      const [dup] = await tx
        .select({ id: appointments.id })
        .from(appointments)
        .where(and(eq(appointments.userId, who.userId), eq(appointments.serviceCenterId, center.id), eq(appointments.startsAt, input.startsAt), inArray(appointments.status, ACTIVE)));
      if (dup) throw errors.conflict('already_booked', '您已预约了这个时段', 'You already have an appointment in this slot', { appointmentId: dup.id });
    }
    if (await takeSeats(tx, w.id, input.startsAt, input.partySize)) {
      chosen = w;
      endsAt = slot.endsAt;
      break;
    }
  }
  let status: AppointmentStatus = 'booked';
  if (!chosen) {
    if (!input.waitlist) throw errors.conflict('slot_full', '该时段已约满，可加入候补', 'The slot is full; you may join its waiting list');
    status = 'waiting';
    chosen = valid[0]!;
    endsAt = new Date(input.startsAt.getTime() + chosen.slotMinutes * 60_000);
  }
  const [row] = await tx
    .insert(appointments)
    .values({
      number: `tmp-${randomUUID()}`,
      windowId: chosen.id,
      serviceCenterId: center.id,
      nodeId: center.orgNodeId,
      itemId: input.itemId,
      userId: who.userId,
      bookedBy: who.bookedBy,
      name: who.name,
      phoneSealed: who.phoneSealed,
      partySize: input.partySize,
      startsAt: input.startsAt,
      endsAt: endsAt!,
      status,
      note: input.note ?? '',
      rescheduledFromId: input.rescheduledFromId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: appointments.id });
  const id = row!.id;
  const number = `Y${shanghaiDate(input.startsAt).replaceAll('-', '')}-${id}`;
  await tx.update(appointments).set({ number }).where(eq(appointments.id, id));
  await recordAudit(tx, actor, now, {
    action: input.rescheduledFromId ? 'services.appointment.reschedule' : 'services.appointment.book',
    objectType: 'appointment',
    objectId: id,
    orgNodeId: center.orgNodeId,
    details: { windowId: chosen.id, itemId: input.itemId, startsAt: input.startsAt.toISOString(), partySize: input.partySize, status, rescheduledFromId: input.rescheduledFromId ?? null },
  });
  if (who.userId !== null) {
    const when = toShanghaiIso(input.startsAt).slice(0, 16).replace('T', ' ');
    await notify(
      tx,
      {
        userIds: [who.userId],
        kind: status === 'booked' ? 'services.appointment.booked' : 'services.appointment.waiting',
        title: status === 'booked' ? `预约成功：${center.name} ${chosen.name} ${when}` : `已加入候补：${center.name} ${chosen.name} ${when}`,
        body: `预约号 ${number}`,
        en: { title: status === 'booked' ? `Appointment booked: ${when}` : `On the waiting list: ${when}`, body: `Number ${number}` },
        link: `/m/services/appointments/${id}`,
        data: { appointmentId: id },
      },
      now,
    );
  }
  return { id, status, number, windowId: chosen.id };
}

/** Who books: the resident themself, or staff (services.serve) for a caller with name and phone. */
export async function bookerFor(ctx: AppContext, principal: Principal, body: BookBody): Promise<Booker> {
  if (body.name === undefined) {
    return { userId: principal.userId, bookedBy: principal.userId, name: principal.displayName, phoneSealed: body.phone ? sealPhone(ctx, body.phone) : null };
  }
  const centerId = body.centerId ?? (body.windowId ? (await windowRow(ctx.db, body.windowId)).serviceCenterId : undefined);
  if (!centerId) throw bad('window_required', '请指定窗口，或指定中心和事项', 'Give a window, or a center and an item');
  const center = await publicCenter(ctx.db, centerId);
  assertCan(principal, 'services.serve', center.nodePath);
  if (!body.phone) throw bad('phone_required', '代为预约须填写联系电话', 'A phone number is needed when booking for someone');
  return { userId: null, bookedBy: principal.userId, name: body.name, phoneSealed: sealPhone(ctx, body.phone) };
}

export async function book(ctx: AppContext, principal: Principal, actor: ActorContext, body: BookBody) {
  const who = await bookerFor(ctx, principal, body);
  const now = ctx.clock.now();
  const input: BookInput = { ...body, startsAt: new Date(body.startsAt), partySize: body.partySize ?? 1 };
  return ctx.db.transaction((tx) => bookIn(tx, ctx, actor, who, input, now));
}

/**
 * Promote waiting appointments of a slot into freed seats, first come first served, skipping parties that no
 * longer fit. In the caller's transaction; the promoted residents are notified there.
 */
export async function promoteWaiting(tx: Tx, windowId: number, startsAt: Date, now: Date): Promise<number[]> {
  const [slot] = await tx
    .select({ capacity: appointmentSlots.capacity, taken: appointmentSlots.taken })
    .from(appointmentSlots)
    .where(and(eq(appointmentSlots.windowId, windowId), eq(appointmentSlots.startsAt, startsAt)))
    .for('update');
  if (!slot || startsAt <= now) return [];
  let free = slot.capacity - slot.taken;
  if (free <= 0) return [];
  const waiting = await tx
    .select({ id: appointments.id, partySize: appointments.partySize, userId: appointments.userId, number: appointments.number })
    .from(appointments)
    .where(and(eq(appointments.windowId, windowId), eq(appointments.startsAt, startsAt), eq(appointments.status, 'waiting')))
    .orderBy(asc(appointments.createdAt), asc(appointments.id))
    .for('update');
  const promoted: number[] = [];
  for (const w of waiting) {
    if (w.partySize > free) continue;
    if (!(await takeSeats(tx, windowId, startsAt, w.partySize))) continue;
    free -= w.partySize;
    await tx.update(appointments).set({ status: 'booked', updatedAt: now }).where(and(eq(appointments.id, w.id), eq(appointments.status, 'waiting')));
    promoted.push(w.id);
    if (w.userId !== null) {
      const when = toShanghaiIso(startsAt).slice(0, 16).replace('T', ' ');
      await notify(
        tx,
        {
          userIds: [w.userId],
          kind: 'services.appointment.promoted',
          title: `候补成功，已为您预约 ${when}`,
          body: `预约号 ${w.number}`,
          en: { title: `From the waiting list: you are booked for ${when}`, body: `Number ${w.number}` },
          link: `/m/services/appointments/${w.id}`,
          data: { appointmentId: w.id },
        },
        now,
      );
    }
    if (free <= 0) break;
  }
  return promoted;
}

/** Cancel inside a transaction: access, notice, seats back, promotion. Returns the cancelled row. */
export async function cancelIn(tx: Tx, principal: Principal, actor: ActorContext, id: number, reason: string | null, now: Date, opts: { rescheduling?: boolean } = {}) {
  const [row] = await tx.select().from(appointments).where(eq(appointments.id, id)).for('update');
  if (!row) throw errors.notFound();
  const center = await publicCenter(tx, row.serviceCenterId);
  const owner = row.userId !== null && row.userId === principal.userId;
  const staff = can(principal, 'services.serve', center.nodePath);
  if (!owner && !staff) {
    if (!isVisible(principal, center.nodePath)) throw errors.notFound();
    assertCan(principal, 'services.serve', center.nodePath);
  }
  if (row.status !== 'booked' && row.status !== 'waiting') {
    throw errors.conflict('not_cancellable', '该预约已不能取消', 'This appointment can no longer be cancelled', { status: row.status });
  }
  const w = await windowRow(tx, row.windowId);
  if (!staff && row.status === 'booked' && now.getTime() > row.startsAt.getTime() - w.cancelNoticeMinutes * 60_000) {
    throw errors.conflict('cancel_too_late', `须在开始前 ${w.cancelNoticeMinutes} 分钟以前取消或改约`, `Cancel or reschedule at least ${w.cancelNoticeMinutes} minutes before the start`);
  }
  await tx.update(appointments).set({ status: 'cancelled', cancelReason: reason, updatedAt: now }).where(eq(appointments.id, id));
  let promoted: number[] = [];
  if (row.status === 'booked') {
    await releaseSeats(tx, row.windowId, row.startsAt, row.partySize);
    promoted = await promoteWaiting(tx, row.windowId, row.startsAt, now);
  }
  await recordAudit(tx, actor, now, { action: 'services.appointment.cancel', objectType: 'appointment', objectId: id, orgNodeId: center.orgNodeId, details: { reason, promoted, rescheduling: opts.rescheduling ?? false } });
  if (!owner && row.userId !== null && !opts.rescheduling) {
    await notify(
      tx,
      {
        userIds: [row.userId],
        kind: 'services.appointment.cancelled',
        title: `您的预约 ${row.number} 已被工作人员取消`,
        body: reason ?? '',
        en: { title: `Your appointment ${row.number} was cancelled by staff`, body: reason ?? '' },
        link: `/m/services/appointments/${id}`,
        data: { appointmentId: id },
      },
      now,
    );
  }
  return { row, promoted };
}

export async function cancel(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: CancelBody) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => (await cancelIn(tx, principal, actor, id, body.reason ?? null, now)).promoted);
}

/** Reschedule = cancel + book in one transaction; if the new slot is full, nothing changes (409 slot_full). */
export async function reschedule(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: RescheduleBody) {
  const now = ctx.clock.now();
  const startsAt = new Date(body.startsAt);
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select({ status: appointments.status, startsAt: appointments.startsAt, windowId: appointments.windowId }).from(appointments).where(eq(appointments.id, id));
    if (current && current.status !== 'booked' && current.status !== 'waiting') {
      throw errors.conflict('not_cancellable', '该预约已不能改约', 'This appointment can no longer be rescheduled', { status: current.status });
    }
    if (current && current.startsAt.getTime() === startsAt.getTime() && (body.windowId ?? current.windowId) === current.windowId) {
      throw bad('same_slot', '新时段与原时段相同', 'The new slot is the one already booked');
    }
    const { row } = await cancelIn(tx, principal, actor, id, '改约', now, { rescheduling: true });
    const who: Booker = { userId: row.userId, bookedBy: principal.userId, name: row.name, phoneSealed: row.phoneSealed };
    const input: BookInput = {
      ...(body.windowId ? { windowId: body.windowId, centerId: row.serviceCenterId } : { windowId: row.windowId }),
      itemId: row.itemId,
      startsAt,
      partySize: row.partySize,
      note: row.note,
      rescheduledFromId: row.id,
    };
    return bookIn(tx, ctx, actor, who, input, now);
  });
}
