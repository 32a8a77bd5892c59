import type { Principal } from '../../platform/access.js';
import { dayOfInstant, formatDay } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import * as bookingsRepo from './bookings.repo.js';
import { datesBetween, resolveDay } from './hours.js';
import { centerScheduleData } from './hours.service.js';
import { manages } from './rooms.policy.js';
import * as roomsRepo from './rooms.repo.js';
import { loadScope, managedCenter, visibleRoom } from './rooms.scope.js';
import { checkRange, instantAt } from './time.js';
import { computeUtilisation, type Period, type RoomOpen } from './utilisation.js';

/** Utilisation of one room or a whole center over up to a year, for staff who manage it. */

export const MAX_UTILISATION_DAYS = 366;

async function compute(ctx: AppContext, centerId: number, orgNodeId: number, rooms: roomsRepo.RoomRow[], from: string, to: string, period: Period) {
  const { data, holidays } = await centerScheduleData(ctx.db, centerId, orgNodeId, { from, to });
  const dates = datesBetween(from, to);
  const holidayOn = new Map(dates.map((d) => [d, holidays.on(d)]));
  // A room counts as open from the day it was added: the weeks before it existed would only dilute the ratios.
  const open: RoomOpen[] = rooms.map((r) => {
    const since = formatDay(dayOfInstant(r.createdAt.getTime()));
    return {
      roomId: r.id,
      name: r.name,
      openMinutes: new Map(
        dates
          .filter((d) => d >= since)
          .map((d) => [d, resolveDay(data.get(r.scheduleId)!, d, holidayOn.get(d)!, r.id).intervals.reduce((sum, i) => sum + (i.end - i.start), 0)]),
      ),
    };
  });
  const bookings = await bookingsRepo.bookingsForUse(
    ctx.db,
    rooms.map((r) => r.id),
    instantAt(from, 0),
    instantAt(to, 1440),
  );
  return computeUtilisation({ from, to, period, rooms: open, bookings });
}

export async function roomUtilisation(ctx: AppContext, principal: Principal, roomId: number, q: { from: string; to: string; period: Period }) {
  checkRange(q.from, q.to, MAX_UTILISATION_DAYS);
  const scope = await loadScope(ctx.db, principal);
  const row = await visibleRoom(ctx.db, scope, roomId);
  if (!manages(scope, row.nodePath)) throw errors.forbidden();
  return { roomId, serviceCenterId: row.room.serviceCenterId, ...(await compute(ctx, row.room.serviceCenterId, row.orgNodeId, [row.room], q.from, q.to, q.period)) };
}

export async function centerUtilisation(ctx: AppContext, principal: Principal, centerId: number, q: { from: string; to: string; period: Period }) {
  checkRange(q.from, q.to, MAX_UTILISATION_DAYS);
  const scope = await loadScope(ctx.db, principal);
  const center = await managedCenter(ctx.db, scope, centerId);
  const rooms = (await roomsRepo.roomsOfCenter(ctx.db, centerId)).map((r) => r.room);
  return { roomId: null, serviceCenterId: centerId, ...(await compute(ctx, centerId, center.center.orgNodeId, rooms, q.from, q.to, q.period)) };
}
