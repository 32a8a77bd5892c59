import type { ExceptionKind, HolidayMode, SchedulePurpose } from '../../db/schema/rooms.js';
import { WorkCalendar, type WorkCalendarOptions } from '../../platform/calendar.js';
import { dayStartMs, formatDay, parseDay, weekdayOf } from '../../platform/calendarDays.js';
import { errors } from '../../platform/errors.js';

/**
 * Opening hours 开放时间, resolved for a date. Pure: schedules come in as data, holidays from a WorkCalendar.
 *
 * 1. Rule sets. The rules whose validity covers the date and that start latest (valid_from; no start is the
 *    oldest) are the rule set in force. The weekday's intervals in that set are the day's base hours; a weekday
 *    the set does not mention is closed. So "from 2020-10-22 rooms open 08:30–22:00 every day" replaces older
 *    rules without editing them, and a summer set (07-01…08-31) applies only inside its dates.
 * 2. Public holidays. holiday_mode `open` keeps the weekday's hours, `closed` closes, `sunday` uses Sunday's.
 *    A holiday is an official one (State Council notice) or a local rest day set at the center's node or above.
 * 3. Exceptions for the date, those of the whole schedule and those of the one room: every `open` exception
 *    replaces the day's hours with its own (their union), every `extended` one adds its hours, and every
 *    `closed` one removes its hours (all day when it has none). Closed wins.
 */

export const MINUTES_PER_DAY = 1440;
const MINUTE_MS = 60_000;

/** A stretch of a day in minutes after midnight, [start, end). */
export interface MinuteInterval {
  start: number;
  end: number;
}

export interface HoursRule {
  weekdays: number[];
  opensMin: number;
  closesMin: number;
  validFrom: string | null;
  validTo: string | null;
}

export interface HoursException {
  id: number;
  roomId: number | null;
  dateFrom: string;
  dateTo: string;
  kind: ExceptionKind;
  opensMin: number | null;
  closesMin: number | null;
  note: string | null;
}

export interface ScheduleData {
  id: number;
  name: string;
  purpose: SchedulePurpose;
  holidayMode: HolidayMode;
  rules: HoursRule[];
  exceptions: HoursException[];
}

export interface HolidayInfo {
  holiday: boolean;
  /** Name of the official holiday or note of the local rest day. */
  name: string | null;
  /** false when the official calendar has no data for the year: the weekday rules are used as they are. */
  known: boolean;
}

export interface ResolvedDay {
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number;
  open: boolean;
  intervals: MinuteInterval[];
  /** The rule set in force, or null when no rule covers the date. */
  ruleSet: { validFrom: string | null; validTo: string | null } | null;
  holiday: HolidayInfo;
  exceptions: { id: number; kind: ExceptionKind; roomId: number | null; note: string | null }[];
}

/** 'HH:MM' → minutes after midnight; 24:00 is allowed as a closing time. */
export function parseClock(value: string, field = 'time'): number {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || minutes > MINUTES_PER_DAY) {
    throw errors.badRequest('invalid_time', `${field} 不是有效的时刻（HH:MM）：“${value}”`, `${field} is not a time of day HH:MM: "${value}"`, {
      field,
      value,
    });
  }
  return minutes;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function isoWeekday(dayNumber: number): number {
  const w = weekdayOf(dayNumber);
  return w === 0 ? 7 : w;
}

/** Sorted, with overlapping and touching intervals joined. */
export function mergeIntervals(intervals: MinuteInterval[]): MinuteInterval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: MinuteInterval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

export function subtractIntervals(from: MinuteInterval[], remove: MinuteInterval[]): MinuteInterval[] {
  let current = mergeIntervals(from);
  for (const r of mergeIntervals(remove)) {
    const next: MinuteInterval[] = [];
    for (const i of current) {
      if (r.end <= i.start || r.start >= i.end) next.push(i);
      else {
        if (r.start > i.start) next.push({ start: i.start, end: r.start });
        if (r.end < i.end) next.push({ start: r.end, end: i.end });
      }
    }
    current = next;
  }
  return current;
}

/** The rules in force on a date: those covering it that start latest. */
export function ruleSetOn(rules: HoursRule[], date: string): HoursRule[] {
  const covering = rules.filter((r) => (r.validFrom === null || r.validFrom <= date) && (r.validTo === null || r.validTo >= date));
  if (covering.length === 0) return [];
  const latest = covering.reduce((max, r) => ((r.validFrom ?? '') > max ? (r.validFrom ?? '') : max), '');
  return covering.filter((r) => (r.validFrom ?? '') === latest);
}

function intervalsFor(rules: HoursRule[], weekday: number): MinuteInterval[] {
  return mergeIntervals(rules.filter((r) => r.weekdays.includes(weekday)).map((r) => ({ start: r.opensMin, end: r.closesMin })));
}

/**
 * Hours of one day. `roomId` selects the room-only exceptions as well as the schedule's own; without it only the
 * schedule's exceptions apply (the hours shown for the hall or for "the rooms" as a whole).
 */
export function resolveDay(schedule: ScheduleData, date: string, holiday: HolidayInfo, roomId?: number): ResolvedDay {
  const weekday = isoWeekday(parseDay(date));
  const set = ruleSetOn(schedule.rules, date);
  let intervals: MinuteInterval[] = [];
  if (!(holiday.holiday && schedule.holidayMode === 'closed')) {
    intervals = intervalsFor(set, holiday.holiday && schedule.holidayMode === 'sunday' ? 7 : weekday);
  }
  const applicable = schedule.exceptions.filter(
    (e) => e.dateFrom <= date && e.dateTo >= date && (e.roomId === null || e.roomId === roomId),
  );
  const span = (e: HoursException): MinuteInterval => ({ start: e.opensMin ?? 0, end: e.closesMin ?? MINUTES_PER_DAY });
  const opens = applicable.filter((e) => e.kind === 'open');
  if (opens.length > 0) intervals = mergeIntervals(opens.map(span));
  const extended = applicable.filter((e) => e.kind === 'extended');
  if (extended.length > 0) intervals = mergeIntervals([...intervals, ...extended.map(span)]);
  const closed = applicable.filter((e) => e.kind === 'closed');
  if (closed.length > 0) intervals = subtractIntervals(intervals, closed.map(span));
  return {
    date,
    weekday,
    open: intervals.length > 0,
    intervals,
    ruleSet: set.length > 0 ? { validFrom: set[0]!.validFrom, validTo: set[0]!.validTo } : null,
    holiday,
    exceptions: applicable.map((e) => ({ id: e.id, kind: e.kind, roomId: e.roomId, note: e.note })),
  };
}

/**
 * Public holidays from the working calendar: official holidays and local rest days. A day of a year whose
 * national schedule is not entered yet is flagged unknown (its weekday rules apply) unless a local rest day
 * decides it.
 */
export class HolidayCalendar {
  private readonly calendar: WorkCalendar;
  constructor(options: WorkCalendarOptions) {
    this.calendar = new WorkCalendar(options);
  }
  on(date: string): HolidayInfo {
    const info = this.calendar.dayInfo(date);
    if (info.estimated) return { holiday: false, name: null, known: false };
    if (info.reason === 'holiday') return { holiday: true, name: info.name ?? null, known: true };
    if (info.reason === 'local_rest') return { holiday: true, name: info.note ?? info.name ?? null, known: true };
    return { holiday: false, name: null, known: true };
  }
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = parseDay(from); d <= parseDay(to); d++) out.push(formatDay(d));
  return out;
}

/** A day's intervals as instants: [startMs, endMs) pairs. */
export function toInstants(date: string, intervals: MinuteInterval[]): { start: number; end: number }[] {
  const base = dayStartMs(parseDay(date));
  return intervals.map((i) => ({ start: base + i.start * MINUTE_MS, end: base + i.end * MINUTE_MS }));
}

/** Validation of a schedule's rule list as a whole (PUT replaces all rules): 400 with the first problem found. */
export function checkRules(rules: HoursRule[]): void {
  const bad = (code: string, zh: string, en: string, details?: unknown) => errors.badRequest(code, zh, en, details);
  const sets = new Map<string, HoursRule[]>();
  for (const [index, r] of rules.entries()) {
    if (r.opensMin >= r.closesMin) {
      throw bad('hours_rule_invalid', `第 ${index + 1} 条规则的关门时间不晚于开门时间`, `Rule ${index + 1} closes before it opens`, { index });
    }
    if (r.validFrom && r.validTo && r.validFrom > r.validTo) {
      throw bad('hours_rule_invalid', `第 ${index + 1} 条规则的有效期结束早于开始`, `Rule ${index + 1} ends its validity before it starts`, { index });
    }
    const key = r.validFrom ?? '';
    sets.set(key, [...(sets.get(key) ?? []), r]);
  }
  for (const [from, set] of sets) {
    const to = set[0]!.validTo;
    if (set.some((r) => r.validTo !== to)) {
      throw bad(
        'hours_rule_set_mismatch',
        `自 ${from || '最早'} 起生效的规则须有相同的截止日期（它们构成同一套开放时间）`,
        `Rules starting ${from || 'with no start date'} must share one end date: together they form one set of opening hours`,
        { validFrom: from || null },
      );
    }
    for (let weekday = 1; weekday <= 7; weekday++) {
      const day = set.filter((r) => r.weekdays.includes(weekday)).sort((a, b) => a.opensMin - b.opensMin);
      for (let i = 1; i < day.length; i++) {
        if (day[i]!.opensMin < day[i - 1]!.closesMin) {
          throw bad(
            'hours_rule_overlap',
            `同一套开放时间中，星期${'一二三四五六日'[weekday - 1]}的时段重叠`,
            `Two rules of one set overlap on weekday ${weekday}`,
            { weekday, validFrom: from || null },
          );
        }
      }
    }
  }
}
