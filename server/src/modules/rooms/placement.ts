import type { DbOrTx, Tx } from '../../db/client.js';
import type { AppError } from '../../platform/errors.js';
import * as repo from './bookings.repo.js';
import { quotaProblem, suspensionProblem } from './eligibility.js';
import { EXCLUSION_VIOLATION, pgErrorCode } from './errors.js';
import { freeSpans, nearestWindows, slotTakenError, type Span } from './freeTime.js';
import { toInstants, type ResolvedDay } from './hours.js';
import { roomDays } from './hours.service.js';
import type { RoomRow } from './rooms.repo.js';
import { dayOf, DAY_MS, instantAt, MINUTE_MS } from './time.js';

/**
 * Placing one booking inside a transaction: suspension, the subject's quota (under its advisory lock), then the
 * insert in a savepoint. The exclusion constraint has the last word: if another transaction holds an
 * overlapping booking, the insert fails with 23P01 and only the savepoint is rolled back, so a weekly series
 * can carry on with its other dates and a waitlist promotion with the next in line.
 */

export interface Draft {
  room: RoomRow;
  bookedBy: number;
  teamId: number | null;
  start: Date;
  end: Date;
  purpose: string;
  attendees: number | null;
  seriesId: number | null;
  status: 'pending' | 'confirmed';
}

export type Placement =
  | { ok: true; booking: repo.BookingRow }
  | { ok: false; reason: 'taken' }
  | { ok: false; reason: 'quota' | 'suspended'; problem: AppError };

export async function place(tx: Tx, draft: Draft, now: Date): Promise<Placement> {
  const subject = repo.subjectOf(draft.teamId, draft.bookedBy);
  const suspended = await suspensionProblem(tx, draft.room.serviceCenterId, subject, now);
  if (suspended) return { ok: false, reason: 'suspended', problem: suspended };
  await repo.lockSubject(tx, subject);
  const quota = await quotaProblem(tx, draft.room, subject, draft.start, draft.end);
  if (quota) return { ok: false, reason: 'quota', problem: quota };
  try {
    const booking = await tx.transaction((sp) =>
      repo.insertBooking(sp, {
        roomId: draft.room.id,
        seriesId: draft.seriesId,
        teamId: draft.teamId,
        bookedBy: draft.bookedBy,
        startsAt: draft.start,
        endsAt: draft.end,
        status: draft.status,
        purpose: draft.purpose,
        attendees: draft.attendees,
        createdAt: now,
      }),
    );
    return { ok: true, booking };
  } catch (err) {
    if (pgErrorCode(err) === EXCLUSION_VIOLATION) return { ok: false, reason: 'taken' };
    throw err;
  }
}

/** The room's free time on a resolved day, from the notice period on. */
export async function freeOnDay(db: DbOrTx, room: RoomRow, day: ResolvedDay, now: Date): Promise<Span[]> {
  const { startMs } = dayOf(instantAt(day.date, 0));
  const busy = await repo.holdingIn(db, [room.id], new Date(startMs), new Date(startMs + DAY_MS));
  return freeSpans(
    toInstants(day.date, day.intervals),
    busy.map((b) => ({ start: b.startsAt.getTime(), end: b.endsAt.getTime() })),
    now.getTime() + room.minNoticeMinutes * MINUTE_MS,
  );
}

/** The 409 for a taken slot, naming the nearest free windows of the same length that day. */
export async function takenOnDay(db: DbOrTx, room: RoomRow, day: ResolvedDay, start: Date, end: Date, now: Date): Promise<AppError> {
  const free = await freeOnDay(db, room, day, now);
  const suggestions = nearestWindows(free, end.getTime() - start.getTime(), start.getTime(), room.slotMinutes * MINUTE_MS);
  return slotTakenError(day.date, free, suggestions);
}

export async function takenError(db: DbOrTx, room: RoomRow, orgNodeId: number, start: Date, end: Date, now: Date): Promise<AppError> {
  const { date } = dayOf(start);
  const [day] = await roomDays(db, room, orgNodeId, date, date);
  return takenOnDay(db, room, day!, start, end, now);
}
