import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { roomSchedules } from '../../../db/schema/rooms.js';
import { appointmentSlots, serviceWindowItems, serviceWindows } from '../../../db/schema/services.js';
import { loadNodeOverrides, WorkCalendar } from '../../../platform/calendar.js';
import { dayStartMs, parseDay, shanghaiDate, toShanghaiIso } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { loadNationalCalendar } from '../../../platform/nationalCalendarStore.js';
import type { Principal } from '../../../platform/access.js';
import { datesBetween } from '../../rooms/hours.js';
import { loadScheduleData } from '../../rooms/hours.repo.js';
import { publicCenter } from '../common/center.js';
import type { SlotsQuery } from './appointments.schema.js';
import { hallDay, windowDays, type HallDay } from './slots.js';
import type { WindowRow } from './windows.service.js';

/** Free slots of windows: the hall's days (constant queries for any range) merged with the stored slot rows. */

export const MAX_SLOT_RANGE_DAYS = 62;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * The hall's resolved days of a center over a range: the hall schedule with its rules and exceptions, and the
 * node's working calendar (national calendar from the process cache, local overrides in one query). No hall
 * schedule → every day closed.
 */
export async function hallDays(db: DbOrTx, center: { id: number; orgNodeId: number }, from: string, to: string): Promise<HallDay[]> {
  const [schedules, overrides, national] = await Promise.all([
    db.select().from(roomSchedules).where(and(eq(roomSchedules.serviceCenterId, center.id), eq(roomSchedules.purpose, 'hall'))),
    loadNodeOverrides(db, center.orgNodeId, { from, to }),
    loadNationalCalendar(db),
  ]);
  const calendar = new WorkCalendar({ national, overrides });
  const hall = schedules[0] ? (await loadScheduleData(db, schedules, { from, to })).get(schedules[0].id) : undefined;
  return datesBetween(from, to).map((date) => {
    const info = calendar.dayInfo(date);
    if (!hall) return { ...hallDay({ id: 0, name: '', purpose: 'hall', holidayMode: 'closed', rules: [], exceptions: [] }, date, info) };
    return hallDay(hall, date, info);
  });
}

/** Stored slot rows of windows over [from, to] (China days). One query. */
export async function slotRows(db: DbOrTx, windowIds: number[], from: string, to: string) {
  if (windowIds.length === 0) return [];
  return db
    .select({ windowId: appointmentSlots.windowId, startsAt: appointmentSlots.startsAt, capacity: appointmentSlots.capacity, taken: appointmentSlots.taken })
    .from(appointmentSlots)
    .where(
      and(
        inArray(appointmentSlots.windowId, windowIds),
        gte(appointmentSlots.startsAt, new Date(dayStartMs(parseDay(from)))),
        lt(appointmentSlots.startsAt, new Date(dayStartMs(parseDay(to)) + DAY_MS)),
      ),
    );
}

/** Booking bounds of a window at `now`: earliest start (min notice) and the end of the last advance day. */
export function bounds(window: Pick<WindowRow, 'minNoticeMinutes' | 'maxAdvanceDays'>, now: Date) {
  const today = parseDay(shanghaiDate(now));
  return { earliest: new Date(now.getTime() + window.minNoticeMinutes * MINUTE_MS), latest: new Date(dayStartMs(today + window.maxAdvanceDays + 1)) };
}

/** Active windows taking appointments of a center, optionally only those handling an item. */
export async function bookableWindows(db: DbOrTx, centerId: number, itemId?: number): Promise<WindowRow[]> {
  const conditions = [eq(serviceWindows.serviceCenterId, centerId), eq(serviceWindows.active, true), eq(serviceWindows.acceptsAppointments, true)];
  if (itemId) conditions.push(sql`exists (select 1 from ${serviceWindowItems} wi where wi.window_id = ${serviceWindows.id} and wi.item_id = ${itemId})`);
  return db.select().from(serviceWindows).where(and(...conditions)).orderBy(asc(serviceWindows.number));
}

/**
 * The slot days of some windows of one center, merged by start: capacity, taken and free add up over the windows;
 * `maxParty` is the largest party a single window can still seat (capped by its max party size).
 * Exported for the queue part and the bench: `findSlots(db, center, windows, from, to, now)`.
 */
export async function findSlots(db: DbOrTx, center: { id: number; orgNodeId: number }, windows: WindowRow[], from: string, to: string, now: Date) {
  const [days, rows] = await Promise.all([hallDays(db, center, from, to), slotRows(db, windows.map((w) => w.id), from, to)]);
  const perWindow = windows.map((w) => ({
    w,
    days: windowDays(days, w, rows.filter((r) => r.windowId === w.id), bounds(w, now)),
  }));
  return days.map((d, i) => {
    const merged = new Map<number, { startsAt: Date; endsAt: Date; capacity: number; taken: number; free: number; maxParty: number; bookable: boolean }>();
    for (const { w, days: wd } of perWindow) {
      for (const s of wd[i]!.slots) {
        const key = s.startsAt.getTime();
        const m = merged.get(key) ?? { startsAt: s.startsAt, endsAt: s.endsAt, capacity: 0, taken: 0, free: 0, maxParty: 0, bookable: false };
        m.capacity += s.capacity;
        m.taken += s.taken;
        m.free += s.free;
        if (s.bookable) {
          m.bookable = true;
          m.maxParty = Math.max(m.maxParty, Math.min(s.free, w.maxPartySize));
        }
        if (s.endsAt > m.endsAt) m.endsAt = s.endsAt;
        merged.set(key, m);
      }
    }
    return {
      date: d.date,
      open: d.open,
      holiday: d.holiday.holiday ? d.holiday.name : null,
      makeupWorkday: d.makeupWorkday,
      slots: [...merged.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
    };
  });
}

/** GET /services/slots: by window, or by center + item over the windows handling it. Public to anyone signed in. */
export async function slotsQuery(ctx: AppContext, _principal: Principal, query: SlotsQuery) {
  if (query.from > query.to || parseDay(query.to) - parseDay(query.from) > MAX_SLOT_RANGE_DAYS) {
    throw errors.badRequest('slot_range_invalid', `日期范围须从早到晚且不超过 ${MAX_SLOT_RANGE_DAYS} 天`, `The range must run forward and span at most ${MAX_SLOT_RANGE_DAYS} days`);
  }
  let windows: WindowRow[];
  let centerId: number;
  if (query.windowId) {
    const [w] = await ctx.db.select().from(serviceWindows).where(eq(serviceWindows.id, query.windowId));
    if (!w || !w.active) throw errors.notFound();
    if (query.centerId && query.centerId !== w.serviceCenterId) throw errors.notFound();
    windows = w.acceptsAppointments ? [w] : [];
    centerId = w.serviceCenterId;
  } else if (query.centerId && query.itemId) {
    centerId = query.centerId;
    windows = await bookableWindows(ctx.db, centerId, query.itemId);
  } else {
    throw errors.badRequest('slot_query_incomplete', '请指定窗口，或指定中心和事项', 'Give a window, or a center and an item');
  }
  const center = await publicCenter(ctx.db, centerId);
  const days = await findSlots(ctx.db, center, windows, query.from, query.to, ctx.clock.now());
  return {
    centerId,
    windowIds: windows.map((w) => w.id),
    maxPartySize: windows.reduce((m, w) => Math.max(m, w.maxPartySize), 0),
    days: days.map((d) => ({ ...d, slots: d.slots.map((s) => ({ ...s, startsAt: toShanghaiIso(s.startsAt), endsAt: toShanghaiIso(s.endsAt) })) })),
  };
}
