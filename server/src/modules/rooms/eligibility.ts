import type { DbOrTx } from '../../db/client.js';
import { dayOfInstant, dayStartMs, formatDay } from '../../platform/calendarDays.js';
import type { AppError } from '../../platform/errors.js';
import * as repo from './bookings.repo.js';
import { roomErrors } from './errors.js';
import * as roomsRepo from './rooms.repo.js';
import { DAY_MS, iso, MINUTE_MS, weekStartDay } from './time.js';

/**
 * May this subject (a team, or a resident booking personally) hold this time? Suspensions after no-shows, and
 * weekly quotas per room and per center. Call `lockSubject` first inside the booking transaction: quota sums
 * for one subject are then computed one transaction at a time, so two members of a team booking at once cannot
 * both squeeze under the team's shared quota.
 */

export interface QuotaUse {
  quotaId: number;
  scope: 'room' | 'center';
  subject: 'team' | 'resident';
  limitMinutes: number;
  usedMinutes: number;
  weekStart: string;
}

export function weekOf(at: Date): { weekStart: Date; weekEnd: Date; label: string } {
  const monday = weekStartDay(dayOfInstant(at.getTime()));
  const start = dayStartMs(monday);
  return { weekStart: new Date(start), weekEnd: new Date(start + 7 * DAY_MS), label: formatDay(monday) };
}

export async function quotaUse(db: DbOrTx, room: { id: number; serviceCenterId: number }, subject: repo.Subject, at: Date): Promise<QuotaUse[]> {
  const quotas = await roomsRepo.quotasFor(db, room.serviceCenterId, room.id, subject.kind);
  const week = weekOf(at);
  const out: QuotaUse[] = [];
  for (const q of quotas) {
    const used = await repo.heldMinutes(db, { centerId: room.serviceCenterId, roomId: q.roomId, subject, weekStart: week.weekStart, weekEnd: week.weekEnd });
    out.push({
      quotaId: q.id,
      scope: q.roomId === null ? 'center' : 'room',
      subject: q.subject,
      limitMinutes: q.minutesPerWeek,
      usedMinutes: used,
      weekStart: week.label,
    });
  }
  return out;
}

export async function quotaProblem(db: DbOrTx, room: { id: number; serviceCenterId: number }, subject: repo.Subject, start: Date, end: Date): Promise<AppError | null> {
  const requested = Math.round((end.getTime() - start.getTime()) / MINUTE_MS);
  for (const use of await quotaUse(db, room, subject, start)) {
    if (use.usedMinutes + requested > use.limitMinutes) {
      return roomErrors.quotaExceeded({
        scope: use.scope,
        subject: use.subject,
        limitMinutes: use.limitMinutes,
        usedMinutes: use.usedMinutes,
        requestedMinutes: requested,
        weekStart: use.weekStart,
      });
    }
  }
  return null;
}

export async function suspensionProblem(db: DbOrTx, centerId: number, subject: repo.Subject, now: Date): Promise<AppError | null> {
  const suspension = await repo.activeSuspension(db, centerId, subject, now);
  return suspension ? roomErrors.suspended(iso(suspension.endsAt), subject.kind === 'team') : null;
}
