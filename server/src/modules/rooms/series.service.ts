import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, errors } from '../../platform/errors.js';
import { capacityProblem, windowProblem } from './bookingRules.js';
import * as repo from './bookings.repo.js';
import type { CreateSeriesBody } from './bookings.schema.js';
import { APPROVER_ROLES, assertTeamBooking, kickOutbox } from './bookings.service.js';
import { presentSeries } from './decisions.service.js';
import { suspensionProblem } from './eligibility.js';
import { withRetry } from './errors.js';
import { datesBetween, isoWeekday, parseClock } from './hours.js';
import { roomDays } from './hours.service.js';
import { place, takenOnDay } from './placement.js';
import * as notes from './rooms.notify.js';
import { manages } from './rooms.policy.js';
import * as roomsRepo from './rooms.repo.js';
import { bookableRoom, loadScope } from './rooms.scope.js';
import { checkRange, instantAt, iso } from './time.js';
import { parseDay } from '../../platform/calendarDays.js';

/**
 * Weekly recurring bookings ("every Tuesday and Thursday 19:00–21:00 until a date"). Every date is checked and
 * placed like a one-off booking, in one transaction. Dates that cannot be booked are reported with the reason
 * (taken — with when the room is free instead that day —, closed, quota, too far ahead…). Without
 * `skipConflicts` any such date books nothing (409 with the list); with it the rest are booked and the others
 * reported. `dryRun` does all of it and rolls back.
 */

export const MAX_OCCURRENCES = 120;

interface Occurrence {
  date: string;
  startsAt: string;
  endsAt: string;
  ok: boolean;
  bookingId: number | null;
  status: repo.BookingRow['status'] | null;
  problem: { code: string; messages: { zh: string; en: string }; details?: unknown } | null;
}

interface SeriesResult {
  dryRun: boolean;
  series: ReturnType<typeof presentSeries> | null;
  booked: number;
  skipped: number;
  occurrences: Occurrence[];
}

/** Thrown inside the transaction to roll it back while carrying the report out. */
class RollbackWith extends Error {
  constructor(readonly result: SeriesResult) {
    super('series rolled back');
  }
}

const asProblem = (e: AppError) => ({ code: e.code, messages: e.messages, ...(e.details === undefined ? {} : { details: e.details }) });

function conflictsError(result: SeriesResult): AppError {
  const bad = result.occurrences.filter((o) => !o.ok);
  const good = result.occurrences.length - bad.length;
  const dates = bad.map((o) => o.date).join('、');
  return errors.conflict(
    'series_conflicts',
    good > 0
      ? `有 ${bad.length} 个日期无法预约：${dates}。可以跳过这些日期，预约其余 ${good} 次`
      : `所有 ${bad.length} 个日期都无法预约：${dates}`,
    good > 0
      ? `${bad.length} of the dates cannot be booked (${bad.map((o) => o.date).join(', ')}); you can skip them and book the other ${good}`
      : `None of the ${bad.length} dates can be booked (${bad.map((o) => o.date).join(', ')})`,
    { bookable: good, occurrences: result.occurrences },
  );
}

export async function createSeries(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreateSeriesBody) {
  const scope = await loadScope(ctx.db, principal);
  const row = await bookableRoom(ctx.db, scope, body.roomId);
  const teamId = body.teamId ?? null;
  const team = teamId === null ? null : await assertTeamBooking(ctx.db, scope, teamId);
  const tooMany = capacityProblem(row.room.capacity, body.attendees);
  if (tooMany) throw tooMany;
  const startsMin = parseClock(body.startTime, 'startTime');
  const endsMin = parseClock(body.endTime, 'endTime');
  if (endsMin <= startsMin) throw errors.badRequest('booking_window_invalid', '结束时间须晚于开始时间', 'The end must be after the start');
  parseDay(body.firstDate);
  parseDay(body.lastDate);
  checkRange(body.firstDate, body.lastDate, 366);
  const dates = datesBetween(body.firstDate, body.lastDate).filter((d) => body.weekdays.includes(isoWeekday(parseDay(d))));
  if (dates.length === 0) throw errors.badRequest('series_empty', '所选日期范围内没有这些星期几', 'No date in that range falls on those weekdays');
  if (dates.length > MAX_OCCURRENCES) {
    throw errors.badRequest('series_too_long', `一次最多预约 ${MAX_OCCURRENCES} 次`, `A series may have at most ${MAX_OCCURRENCES} dates`, { dates: dates.length });
  }
  const now = ctx.clock.now();
  const subject = repo.subjectOf(teamId, scope.userId);
  const suspended = await suspensionProblem(ctx.db, row.room.serviceCenterId, subject, now);
  if (suspended) throw suspended;
  const days = new Map((await roomDays(ctx.db, row.room, row.orgNodeId, dates[0]!, dates.at(-1)!)).map((d) => [d.date, d]));
  const status = row.room.requiresApproval && !manages(scope, row.nodePath) ? 'pending' : 'confirmed';

  const run = () =>
    ctx.db.transaction(async (tx): Promise<SeriesResult> => {
      const series = body.dryRun
        ? null
        : await repo.insertSeries(tx, {
            roomId: row.room.id,
            teamId,
            bookedBy: scope.userId,
            weekdays: [...body.weekdays].sort((a, b) => a - b),
            startsMin,
            endsMin,
            firstDate: dates[0]!,
            lastDate: dates.at(-1)!,
            purpose: body.purpose?.trim() ?? '',
            createdAt: now,
          });
      const occurrences: Occurrence[] = [];
      const placedBookings: repo.BookingRow[] = [];
      for (const date of dates) {
        const start = instantAt(date, startsMin);
        const end = instantAt(date, endsMin);
        const base = { date, startsAt: iso(start), endsAt: iso(end) };
        const day = days.get(date)!;
        const problem = windowProblem(row.room, day, start, end, now);
        if (problem) {
          occurrences.push({ ...base, ok: false, bookingId: null, status: null, problem: asProblem(problem) });
          continue;
        }
        const draft = { room: row.room, bookedBy: scope.userId, teamId, start, end, purpose: body.purpose?.trim() ?? '', attendees: body.attendees ?? null, seriesId: series?.id ?? null, status } as const;
        const placed = await place(tx, draft, now);
        if (placed.ok) {
          placedBookings.push(placed.booking);
          occurrences.push({ ...base, ok: true, bookingId: body.dryRun ? null : placed.booking.id, status: placed.booking.status, problem: null });
        } else {
          const why = placed.reason === 'taken' ? await takenOnDay(tx, row.room, day, start, end, now) : placed.problem;
          occurrences.push({ ...base, ok: false, bookingId: null, status: null, problem: asProblem(why) });
        }
      }
      const booked = placedBookings.length;
      const result: SeriesResult = { dryRun: body.dryRun, series: series ? presentSeries(series) : null, booked, skipped: dates.length - booked, occurrences };
      if (body.dryRun) throw new RollbackWith(result);
      if (booked === 0 || (booked < dates.length && !body.skipConflicts)) throw new RollbackWith({ ...result, series: null, booked: 0 });
      await recordAudit(tx, actor, now, {
        action: 'booking_series.create',
        objectType: 'booking_series',
        objectId: series!.id,
        orgNodeId: row.orgNodeId,
        details: { roomId: row.room.id, teamId, weekdays: body.weekdays, startTime: body.startTime, endTime: body.endTime, booked, skipped: result.skipped },
      });
      if (status === 'pending') {
        const approvers = await roomsRepo.approversOf(tx, row.nodePath, APPROVER_ROLES);
        await notes.approvalNeeded(tx, approvers, { booking: placedBookings[0]!, roomName: row.room.name, teamLeaderId: null }, principal.displayName, now, booked);
      }
      await notes.bookingMade(tx, { booking: placedBookings[0]!, roomName: row.room.name, teamLeaderId: team?.team.leaderUserId ?? null }, now, booked);
      return result;
    });

  try {
    const result = await withRetry(run);
    kickOutbox(ctx);
    return result;
  } catch (err) {
    if (!(err instanceof RollbackWith)) throw err;
    if (err.result.dryRun) return err.result;
    throw conflictsError(err.result);
  }
}
