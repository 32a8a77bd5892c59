import type { DayInfo } from '../../../platform/calendar.js';
import { dayStartMs, parseDay } from '../../../platform/calendarDays.js';
import { isoWeekday, resolveDay, type HolidayInfo, type MinuteInterval, type ResolvedDay, type ScheduleData } from '../../rooms/hours.js';

/**
 * Appointment slots, pure: the hall's hours of a day (rooms/hours.ts) cut into slots of a window's length.
 *
 * Make-up workdays 调休上班: the rooms module's HolidayCalendar reports only holidays; a make-up Saturday or Sunday
 * (the calendar's `makeup_workday`, or a local `local_work` override) would keep the weekend's hours. We decide:
 * when the hall follows the calendar (holiday_mode `closed` or `sunday`), a make-up workday that falls on a weekend
 * opens with MONDAY's hours of the rule set in force, as offices do; with holiday_mode `open` the hall ignores the
 * calendar and the weekday's own hours stay. Exceptions of the date (closed, extended, open) still apply on top.
 */

const MINUTE_MS = 60_000;

export interface Slot {
  /** Minutes after midnight. */
  start: number;
  end: number;
}

/** Cut open intervals into back-to-back slots of `slotMinutes`; a slot must fit entirely inside one interval. */
export function cutSlots(intervals: MinuteInterval[], slotMinutes: number): Slot[] {
  if (slotMinutes <= 0) return [];
  const out: Slot[] = [];
  for (const i of intervals) {
    for (let s = i.start; s + slotMinutes <= i.end; s += slotMinutes) out.push({ start: s, end: s + slotMinutes });
  }
  return out;
}

/** Holiday info as HolidayCalendar.on reports it, from a WorkCalendar day. */
export function holidayOf(info: DayInfo): HolidayInfo {
  if (info.estimated) return { holiday: false, name: null, known: false };
  if (info.reason === 'holiday') return { holiday: true, name: info.name ?? null, known: true };
  if (info.reason === 'local_rest') return { holiday: true, name: info.note ?? info.name ?? null, known: true };
  return { holiday: false, name: null, known: true };
}

export function isMakeupWorkday(info: DayInfo, date: string): boolean {
  const weekend = isoWeekday(parseDay(date)) >= 6;
  return weekend && (info.reason === 'makeup_workday' || info.reason === 'local_work');
}

/** The schedule with `weekday` given Monday's rules (for a make-up workday). */
function withMondayHours(schedule: ScheduleData, weekday: number): ScheduleData {
  return {
    ...schedule,
    rules: schedule.rules.map((r) => {
      const others = r.weekdays.filter((w) => w !== weekday);
      return { ...r, weekdays: r.weekdays.includes(1) ? [...others, weekday] : others };
    }),
  };
}

export interface HallDay extends ResolvedDay {
  /** A weekend day worked instead of a holiday (调休), opened with Monday's hours. */
  makeupWorkday: boolean;
}

/** The hall's hours of one date, with the make-up workday rule above. */
export function hallDay(schedule: ScheduleData, date: string, info: DayInfo): HallDay {
  const makeup = schedule.holidayMode !== 'open' && isMakeupWorkday(info, date);
  const source = makeup ? withMondayHours(schedule, isoWeekday(parseDay(date))) : schedule;
  return { ...resolveDay(source, date, holidayOf(info)), makeupWorkday: makeup };
}

/** A slot's instants. */
export function slotInstants(date: string, slot: Slot): { startsAt: Date; endsAt: Date } {
  const base = dayStartMs(parseDay(date));
  return { startsAt: new Date(base + slot.start * MINUTE_MS), endsAt: new Date(base + slot.end * MINUTE_MS) };
}

export interface SlotRow {
  startsAt: Date;
  capacity: number;
  taken: number;
}

export interface DaySlots {
  date: string;
  open: boolean;
  holiday: string | null;
  makeupWorkday: boolean;
  slots: { startsAt: Date; endsAt: Date; capacity: number; taken: number; free: number; bookable: boolean }[];
}

/**
 * A window's days: slots cut from the hall's hours, merged with the stored slot rows (which keep the capacity they
 * were created with), bookable between `earliest` (now + min notice) and `latest` (end of the last advance day).
 */
export function windowDays(
  days: HallDay[],
  window: { slotMinutes: number; slotCapacity: number },
  rows: SlotRow[],
  bounds: { earliest: Date; latest: Date },
): DaySlots[] {
  const byStart = new Map(rows.map((r) => [r.startsAt.getTime(), r]));
  return days.map((d) => ({
    date: d.date,
    open: d.open,
    holiday: d.holiday.holiday ? d.holiday.name : null,
    makeupWorkday: d.makeupWorkday,
    slots: cutSlots(d.intervals, window.slotMinutes).map((s) => {
      const { startsAt, endsAt } = slotInstants(d.date, s);
      const row = byStart.get(startsAt.getTime());
      const capacity = row?.capacity ?? window.slotCapacity;
      const taken = row?.taken ?? 0;
      return { startsAt, endsAt, capacity, taken, free: Math.max(0, capacity - taken), bookable: startsAt >= bounds.earliest && startsAt < bounds.latest };
    }),
  }));
}
