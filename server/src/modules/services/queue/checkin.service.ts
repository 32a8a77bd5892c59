import { and, eq } from 'drizzle-orm';
import { appointments, queueTickets, serviceWindows } from '../../../db/schema/services.js';
import type { Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import { shanghaiDate } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { centerFor, publicCenter } from '../common/center.js';
import { publishQueue } from './live.js';
import { hallClosed, hallOpenAt, newTicketToken, nextNumber, type TicketRow } from './tickets.service.js';

/**
 * Checking an appointment in 签到: at the desk by its number (services.serve at its center), or by the resident on
 * arrival (their own appointment, from 30 minutes before its start). Either way until `no_show_minutes` after the
 * start; later the appointment is a no-show and the resident takes a walk-in ticket. The ticket is a 'Y' number
 * queued at the slot's start for the appointment's window.
 */
export const SELF_CHECK_IN_EARLY_MINUTES = 30;

export async function checkIn(
  ctx: AppContext,
  principal: Principal,
  actor: ActorContext,
  by: { appointmentNumber?: string | undefined; appointmentId?: number | undefined },
): Promise<TicketRow> {
  if ((by.appointmentNumber == null) === (by.appointmentId == null)) {
    throw errors.badRequest('check_in_target', '请提供预约号或预约', 'Give either the appointment number or the appointment id');
  }
  const [row] = await ctx.db
    .select({ a: appointments, noShowMinutes: serviceWindows.noShowMinutes })
    .from(appointments)
    .innerJoin(serviceWindows, eq(serviceWindows.id, appointments.windowId))
    .where(by.appointmentNumber != null ? eq(appointments.number, by.appointmentNumber.trim()) : eq(appointments.id, by.appointmentId!));
  if (!row) throw errors.notFound();
  const a = row.a;
  const atDesk = by.appointmentNumber != null;
  const center = atDesk ? await centerFor(ctx.db, principal, a.serviceCenterId, 'services.serve') : await publicCenter(ctx.db, a.serviceCenterId);
  if (!atDesk && a.userId !== principal.userId) throw errors.notFound();
  const now = ctx.clock.now();
  const day = shanghaiDate(now);
  if (a.status === 'checked_in' || a.status === 'served') throw errors.conflict('already_checked_in', '该预约已签到', 'The appointment is already checked in');
  if (a.status !== 'booked') throw errors.conflict('appointment_not_booked', '该预约不是待签到状态', 'The appointment is not booked (cancelled, waiting or missed)');
  if (shanghaiDate(a.startsAt) !== day) throw errors.conflict('check_in_not_today', '只能在预约当天签到', 'Check in on the day of the appointment');
  if (!atDesk && now.getTime() < a.startsAt.getTime() - SELF_CHECK_IN_EARLY_MINUTES * 60_000) {
    throw errors.conflict('check_in_too_early', `请在预约时间前${SELF_CHECK_IN_EARLY_MINUTES}分钟内签到`, `Check in at most ${SELF_CHECK_IN_EARLY_MINUTES} minutes before the appointment`);
  }
  if (now.getTime() > a.startsAt.getTime() + row.noShowMinutes * 60_000) {
    throw errors.conflict('check_in_too_late', '已超过签到时间，请重新取号', 'Too late to check in; please take a walk-in ticket');
  }
  if (!(await hallOpenAt(ctx.db, center, now))) throw hallClosed();
  const ticket = await ctx.db.transaction(async (tx) => {
    const [moved] = await tx
      .update(appointments)
      .set({ status: 'checked_in', checkedInAt: now, updatedAt: now })
      .where(and(eq(appointments.id, a.id), eq(appointments.status, 'booked')))
      .returning({ id: appointments.id });
    if (!moved) throw errors.conflict('already_checked_in', '该预约已签到', 'The appointment is already checked in');
    const number = await nextNumber(tx, center.id, day, 'Y');
    const [t] = await tx
      .insert(queueTickets)
      .values({
        serviceCenterId: center.id,
        nodeId: center.orgNodeId,
        day,
        number,
        itemId: a.itemId,
        windowId: a.windowId,
        appointmentId: a.id,
        userId: a.userId,
        source: 'appointment',
        queuedAt: a.startsAt,
        takenAt: now,
        token: newTicketToken(),
      })
      .returning();
    await recordAudit(tx, actor, now, {
      action: 'services.queue.check_in',
      objectType: 'appointment',
      objectId: a.id,
      orgNodeId: center.orgNodeId,
      details: { ticket: number, atDesk },
    });
    return t!;
  });
  publishQueue({ type: 'change', centerId: center.id });
  return ticket;
}
