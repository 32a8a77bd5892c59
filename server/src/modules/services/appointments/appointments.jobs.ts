import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { appointments, appointmentSlots, serviceWindows } from '../../../db/schema/services.js';
import { dayStartMs, parseDay, shanghaiDate, toShanghaiIso } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { notify } from '../../../platform/notifications.js';

/**
 * Periodic work of appointments, every ten minutes, each step safe under two processes:
 * - reminders: appointments of tomorrow (China day) still booked get one reminder; `reminded_at` is set by a
 *   conditional update (`where reminded_at is null`), so of two processes only one gets each row back and notifies;
 * - no-shows: booked and not checked in `no_show_minutes` after the start → no_show (seats given back);
 * - expired: waiting entries whose slot has begun.
 */
export const APPOINTMENTS_JOB = 'services.appointments';
const DAY_MS = 86_400_000;

export function registerAppointmentsJob(ctx: AppContext): void {
  ctx.jobs.register({ name: APPOINTMENTS_JOB, intervalMs: 600_000, run: async (now) => void (await runAppointmentJobs(ctx, now)) });
}

export async function sendReminders(ctx: AppContext, now: Date): Promise<number> {
  const tomorrow = dayStartMs(parseDay(shanghaiDate(now)) + 1);
  return ctx.db.transaction(async (tx) => {
    const due = await tx
      .update(appointments)
      .set({ remindedAt: now })
      .where(
        and(
          eq(appointments.status, 'booked'),
          isNull(appointments.remindedAt),
          gte(appointments.startsAt, new Date(tomorrow)),
          lt(appointments.startsAt, new Date(tomorrow + DAY_MS)),
          sql`${appointments.userId} is not null`,
        ),
      )
      .returning({ id: appointments.id, userId: appointments.userId, number: appointments.number, startsAt: appointments.startsAt });
    for (const a of due) {
      const when = toShanghaiIso(a.startsAt).slice(0, 16).replace('T', ' ');
      await notify(
        tx,
        {
          userIds: [a.userId!],
          kind: 'services.appointment.reminder',
          title: `明天 ${when.slice(11)} 请到窗口办理（预约号 ${a.number}）`,
          body: '如不能前往，请提前取消或改约',
          en: { title: `Tomorrow at ${when.slice(11)}: your appointment ${a.number}`, body: 'If you cannot come, please cancel or reschedule in time' },
          link: `/m/services/appointments/${a.id}`,
          data: { appointmentId: a.id },
        },
        now,
      );
    }
    return due.length;
  });
}

export async function markNoShows(ctx: AppContext, now: Date): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const marked = await tx
      .update(appointments)
      .set({ status: 'no_show', updatedAt: now })
      .from(serviceWindows)
      .where(
        and(
          eq(serviceWindows.id, appointments.windowId),
          eq(appointments.status, 'booked'),
          sql`${appointments.startsAt} + make_interval(mins => ${serviceWindows.noShowMinutes}) <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .returning({ windowId: appointments.windowId, startsAt: appointments.startsAt, partySize: appointments.partySize });
    for (const m of marked) {
      await tx
        .update(appointmentSlots)
        .set({ taken: sql`greatest(${appointmentSlots.taken} - ${m.partySize}, 0)` })
        .where(and(eq(appointmentSlots.windowId, m.windowId), eq(appointmentSlots.startsAt, m.startsAt)));
    }
    return marked.length;
  });
}

export async function expireWaiting(ctx: AppContext, now: Date): Promise<number> {
  const rows = await ctx.db
    .update(appointments)
    .set({ status: 'expired', updatedAt: now })
    .where(and(eq(appointments.status, 'waiting'), lt(appointments.startsAt, new Date(now.getTime() + 1))))
    .returning({ id: appointments.id });
  return rows.length;
}

export async function runAppointmentJobs(ctx: AppContext, now: Date) {
  return { reminded: await sendReminders(ctx, now), noShows: await markNoShows(ctx, now), expired: await expireWaiting(ctx, now) };
}
