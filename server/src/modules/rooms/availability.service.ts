import type { Principal } from '../../platform/access.js';
import type { AppContext } from '../../platform/context.js';
import * as bookingsRepo from './bookings.repo.js';
import { dayStartMs, parseDay } from '../../platform/calendarDays.js';
import { freeSpans } from './freeTime.js';
import { datesBetween, formatClock, resolveDay, toInstants, type HolidayInfo, type ScheduleData } from './hours.js';
import { centerScheduleData } from './hours.service.js';
import { canSeeRoom, type RoomScope } from './rooms.policy.js';
import * as roomsRepo from './rooms.repo.js';
import { loadScope, roomSubject, visibleCenter, visibleRoom } from './rooms.scope.js';
import * as teamsRepo from './teams.repo.js';
import { checkRange, clockOf, dateOf, instantAt, MINUTE_MS } from './time.js';

/**
 * Availability: for each room and date, the opening hours, what is held (team names shown, personal bookings
 * anonymous), and the free time that can still be booked. One query each for rooms, schedules (rules and
 * exceptions), local rest days and bookings (one row per room), whatever the number of rooms and days; the rest
 * is arithmetic.
 */

export const MAX_AVAILABILITY_DAYS = 31;

/** What every room shares about a date: worked out once per date, not once per room and date. */
interface DateInfo {
  date: string;
  holiday: HolidayInfo;
  /** The instant the date starts in China time. */
  base: number;
}

function roomDaysAvailability(
  scope: RoomScope,
  myTeams: readonly number[],
  room: roomsRepo.RoomRow,
  schedule: ScheduleData,
  dates: DateInfo[],
  held: bookingsRepo.HeldSpan[],
  now: Date,
) {
  const byDate = new Map<string, bookingsRepo.HeldSpan[]>();
  for (const h of held) {
    const key = dateOf(h.startMs);
    const list = byDate.get(key);
    if (list) list.push(h);
    else byDate.set(key, [h]);
  }
  const notBefore = now.getTime() + room.minNoticeMinutes * MINUTE_MS;
  return {
    roomId: room.id,
    name: room.name,
    kind: room.kind,
    capacity: room.capacity,
    requiresApproval: room.requiresApproval,
    days: dates.map(({ date, holiday, base }) => {
      const day = resolveDay(schedule, date, holiday, room.id);
      const busy = byDate.get(date) ?? [];
      const free = freeSpans(
        toInstants(date, day.intervals),
        busy.map((b) => ({ start: b.startMs, end: b.endMs })),
        notBefore,
      );
      return {
        date,
        open: day.open,
        hours: day.intervals.map((i) => ({ opens: formatClock(i.start), closes: formatClock(i.end) })),
        busy: busy.map((b) => ({
          starts: clockOf(b.startMs, base),
          ends: clockOf(b.endMs, base),
          status: b.status,
          team: b.teamName,
          mine: b.bookedBy === scope.userId || (b.teamId !== null && myTeams.includes(b.teamId)),
        })),
        free: free.map((f) => ({ starts: clockOf(f.start, base), ends: clockOf(f.end, base) })),
      };
    }),
  };
}

async function availabilityOf(ctx: AppContext, scope: RoomScope, centerId: number, orgNodeId: number, rooms: roomsRepo.RoomWithCenter[], from: string, to: string) {
  const [{ data, holidays }, held, myTeams] = await Promise.all([
    centerScheduleData(ctx.db, centerId, orgNodeId, { from, to }),
    bookingsRepo.holdingByRoom(
      ctx.db,
      rooms.map((r) => r.room.id),
      instantAt(from, 0),
      instantAt(to, 1440),
    ),
    teamsRepo.teamIdsOf(ctx.db, scope.userId),
  ]);
  const dates = datesBetween(from, to).map((date) => ({ date, holiday: holidays.on(date), base: dayStartMs(parseDay(date)) }));
  const now = ctx.clock.now();
  return rooms.map((r) =>
    roomDaysAvailability(
      scope,
      myTeams,
      r.room,
      data.get(r.room.scheduleId)!,
      dates,
      held.get(r.room.id) ?? [],
      now,
    ),
  );
}

export async function centerAvailability(ctx: AppContext, principal: Principal, centerId: number, from: string, to: string) {
  checkRange(from, to, MAX_AVAILABILITY_DAYS);
  const scope = await loadScope(ctx.db, principal);
  const center = await visibleCenter(ctx.db, scope, centerId);
  const rooms = (await roomsRepo.roomsOfCenter(ctx.db, centerId)).filter((r) => r.room.active && canSeeRoom(scope, roomSubject(r)));
  return { serviceCenterId: centerId, from, to, rooms: await availabilityOf(ctx, scope, centerId, center.center.orgNodeId, rooms, from, to) };
}

export async function roomAvailability(ctx: AppContext, principal: Principal, roomId: number, from: string, to: string) {
  checkRange(from, to, MAX_AVAILABILITY_DAYS);
  const scope = await loadScope(ctx.db, principal);
  const row = await visibleRoom(ctx.db, scope, roomId);
  const [out] = await availabilityOf(ctx, scope, row.room.serviceCenterId, row.orgNodeId, [row], from, to);
  return out!;
}
