import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { orgNodes, type OrgKind } from '../db/schema/org.js';
import { calendarOverrides } from '../db/schema/platform.js';
import { civilFromDays, dayOfInstant, dayStartMs, formatDay, instantMs, parseDay, type OfficialReason } from './calendarDays.js';
import { errors } from './errors.js';
import type { NationalCalendar } from './nationalCalendar.js';
import { loadNationalCalendar } from './nationalCalendarStore.js';

export { shanghaiDate, toShanghaiIso } from './calendarDays.js';

/**
 * Working time for deadlines (时限): the national calendar (holidays and make-up workdays 调休, kept in the
 * database, see nationalCalendar.ts) with local rest days and local workdays set at org nodes, in Asia/Shanghai,
 * counted in working hours. A year whose national schedule is not entered yet is counted Monday to Friday and
 * its days are marked `estimated`. Pure once built: no clock, no I/O; every instant comes in as an argument.
 * See docs/adr/0004-working-time-calendar.md and 0010-national-calendar-data.md.
 */

/** One stretch of working hours in a day, China time, 'HH:MM' (24:00 allowed as an end). */
export interface WorkingHours {
  start: string;
  end: string;
}

/** China's common office hours: 09:00–12:00 and 13:30–17:30, seven working hours a day. */
export const DEFAULT_WORKING_HOURS: readonly WorkingHours[] = Object.freeze([
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
]);

/** Arithmetic never walks further than this many calendar days (about five years); beyond it is refused. */
export const MAX_SPAN_DAYS = 1830;

export type DayReason = OfficialReason | 'local_rest' | 'local_work';

export interface DayInfo {
  date: string;
  workday: boolean;
  reason: DayReason;
  /** The official holiday this day belongs to, in Chinese (春节, 国庆节), also on a day overridden locally. */
  name?: string;
  nameEn?: string;
  /** The note of the local override that decided the day. */
  note?: string;
  /** The org node whose override decided the day. */
  overrideNodeId?: number;
  /** The national schedule of the day's year is not entered yet: counted Monday to Friday, may still change. */
  estimated?: true;
}

/** A local rest day or workday set at an org node; `depth` is the node's depth (deeper overrides win). */
export interface CalendarOverride {
  orgNodeId: number;
  depth: number;
  day: string;
  kind: 'rest' | 'work';
  note?: string | null;
}

export interface WorkCalendarOptions {
  /** The national holidays and make-up workdays (from the database; tests may pass the package's). */
  national: NationalCalendar;
  /** Overrides set at the node and its ancestors. */
  overrides?: readonly CalendarOverride[];
  /** Working hours of a workday; defaults to DEFAULT_WORKING_HOURS. */
  hours?: readonly WorkingHours[];
}

const MINUTE_MS = 60_000;

function parseClock(value: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60) throw new RangeError(`working hours: "${value}" is not a time HH:MM`);
  return minutes;
}

/** Working hours as [startMs, endMs) offsets from midnight; ascending, non-empty, non-overlapping. */
function parseHours(hours: readonly WorkingHours[]): [number, number][] {
  if (hours.length === 0) throw new RangeError('working hours: at least one stretch is needed');
  const out: [number, number][] = [];
  for (const h of hours) {
    const start = parseClock(h.start);
    const end = parseClock(h.end);
    if (end <= start) throw new RangeError(`working hours: ${h.start}–${h.end} ends before it starts`);
    const previous = out.at(-1);
    if (previous && start * MINUTE_MS < previous[1]) {
      throw new RangeError(`working hours: ${h.start}–${h.end} overlaps or precedes the stretch before it`);
    }
    out.push([start * MINUTE_MS, end * MINUTE_MS]);
  }
  return out;
}

function spanTooLong(days: number): Error {
  return errors.badRequest(
    'calendar_span_too_long',
    `工作时间计算跨度过长（超过 ${MAX_SPAN_DAYS} 天）`,
    `The working-time calculation spans too long (more than ${MAX_SPAN_DAYS} days)`,
    { maxDays: MAX_SPAN_DAYS, days },
  );
}

function toDayNumber(value: string | Date): number {
  return typeof value === 'string' ? parseDay(value) : dayOfInstant(instantMs(value));
}

export class WorkCalendar {
  readonly hours: readonly WorkingHours[];
  /** Working minutes in one workday (420 with the default hours). */
  readonly minutesPerDay: number;
  private readonly stretches: [number, number][];
  private readonly overrides = new Map<number, CalendarOverride>();
  readonly national: NationalCalendar;

  constructor(options: WorkCalendarOptions) {
    this.national = options.national;
    this.hours = options.hours ?? DEFAULT_WORKING_HOURS;
    this.stretches = parseHours(this.hours);
    this.minutesPerDay = this.stretches.reduce((sum, [s, e]) => sum + (e - s), 0) / MINUTE_MS;
    // The nearest override wins: for each day keep the one set at the deepest node.
    for (const o of options.overrides ?? []) {
      const day = parseDay(o.day);
      const held = this.overrides.get(day);
      if (!held || o.depth > held.depth) this.overrides.set(day, o);
    }
  }

  isWorkday(date: string): boolean {
    return this.workdayAt(parseDay(date));
  }

  dayInfo(date: string): DayInfo {
    return this.info(parseDay(date));
  }

  /** Every day from `from` to `to`, both included. */
  days(from: string, to: string): DayInfo[] {
    const first = parseDay(from);
    const last = parseDay(to);
    if (last - first > MAX_SPAN_DAYS) throw spanTooLong(last - first);
    const out: DayInfo[] = [];
    for (let d = first; d <= last; d++) out.push(this.info(d));
    return out;
  }

  /** Whether the instant lies inside the working hours of a workday. */
  isWorkingTime(at: Date): boolean {
    const ms = instantMs(at);
    const day = dayOfInstant(ms);
    if (!this.workdayAt(day)) return false;
    const offset = ms - dayStartMs(day);
    return this.stretches.some(([s, e]) => offset >= s && offset < e);
  }

  /**
   * The instant at which `durationMinutes` of working time have passed since `start`: the earliest t ≥ start
   * with workingTimeBetween(start, t) = durationMinutes. Time outside working hours does not count, so a start
   * in the evening, at the weekend or on a holiday counts from the next opening; a deadline that uses up a
   * stretch exactly ends at its closing (12:00, not 13:30). Zero minutes is `start` itself.
   */
  addWorkingTime(start: Date, durationMinutes: number): Date {
    const startMs = instantMs(start);
    if (!Number.isFinite(durationMinutes) || durationMinutes < 0) {
      throw errors.badRequest('invalid_duration', '时长必须是非负数', 'The duration must be a number of minutes, zero or more', {
        value: durationMinutes,
      });
    }
    let remaining = Math.round(durationMinutes * MINUTE_MS);
    if (remaining === 0) return new Date(startMs);
    const firstDay = dayOfInstant(startMs);
    for (let day = firstDay; ; day++) {
      if (day - firstDay > MAX_SPAN_DAYS) throw spanTooLong(day - firstDay);
      if (!this.workdayAt(day)) continue;
      const base = dayStartMs(day);
      for (const [s, e] of this.stretches) {
        const from = Math.max(startMs, base + s);
        const to = base + e;
        if (to <= from) continue;
        if (remaining <= to - from) return new Date(from + remaining);
        remaining -= to - from;
      }
    }
  }

  /**
   * Deadline of "within n working days" (n 个工作日内): the day of `start` is not counted, whatever the hour
   * (as periods are counted in the Civil Code, art. 201); the deadline is the closing time (17:30 by default)
   * of the n-th workday after it. n = 0 means "the same working day": the closing of the first workday whose
   * closing is not before `start`. For n ≥ 1, workdaysBetween(start, addWorkingDays(start, n)) = n.
   */
  addWorkingDays(start: Date, n: number): Date {
    const startMs = instantMs(start);
    if (!Number.isInteger(n) || n < 0) {
      throw errors.badRequest('invalid_duration', '工作日数必须是非负整数', 'The number of working days must be a whole number, zero or more', {
        value: n,
      });
    }
    const closing = this.stretches.at(-1)![1];
    const firstDay = dayOfInstant(startMs);
    let counted = 0;
    for (let day = n === 0 ? firstDay : firstDay + 1; ; day++) {
      if (day - firstDay > MAX_SPAN_DAYS) throw spanTooLong(day - firstDay);
      if (!this.workdayAt(day)) continue;
      const close = dayStartMs(day) + closing;
      if (n === 0) {
        if (close >= startMs) return new Date(close);
        continue;
      }
      if (++counted === n) return new Date(close);
    }
  }

  /** Working minutes from `a` to `b` (negative when b is before a). */
  workingTimeBetween(a: Date, b: Date): number {
    const aMs = instantMs(a);
    const bMs = instantMs(b);
    if (bMs < aMs) return -this.workingTimeBetween(b, a);
    const firstDay = dayOfInstant(aMs);
    const lastDay = dayOfInstant(bMs);
    if (lastDay - firstDay > MAX_SPAN_DAYS) throw spanTooLong(lastDay - firstDay);
    let total = 0;
    for (let day = firstDay; day <= lastDay; day++) {
      if (!this.workdayAt(day)) continue;
      const base = dayStartMs(day);
      for (const [s, e] of this.stretches) {
        const from = Math.max(aMs, base + s);
        const to = Math.min(bMs, base + e);
        if (to > from) total += to - from;
      }
    }
    return total / MINUTE_MS;
  }

  /**
   * Workdays after `from` up to and including `to` (dates, or instants taken at their China-time date):
   * Monday → Wednesday of an ordinary week is 2; the same day is 0; negative when `to` is before `from`.
   */
  workdaysBetween(from: string | Date, to: string | Date): number {
    const first = toDayNumber(from);
    const last = toDayNumber(to);
    if (last < first) return -this.workdaysBetween(to, from);
    if (last - first > MAX_SPAN_DAYS) throw spanTooLong(last - first);
    let count = 0;
    for (let day = first + 1; day <= last; day++) if (this.workdayAt(day)) count++;
    return count;
  }

  /**
   * Whether any day from the day of `from` to the day of `to` (both included, China time) was counted on an
   * estimate: its year has no national schedule yet and no local override decided it. A deadline computed over
   * such a day may move once the year is entered.
   */
  estimatedBetween(from: string | Date, to: string | Date): boolean {
    let first = toDayNumber(from);
    let last = toDayNumber(to);
    if (last < first) [first, last] = [last, first];
    if (last - first > MAX_SPAN_DAYS) throw spanTooLong(last - first);
    const firstYear = civilFromDays(first).year;
    const lastYear = civilFromDays(last).year;
    let anyUnknown = false;
    for (let y = firstYear; y <= lastYear && !anyUnknown; y++) anyUnknown = !this.national.isKnownYear(y);
    if (!anyUnknown) return false;
    for (let day = first; day <= last; day++) {
      if (!this.overrides.has(day) && this.national.estimated(day)) return true;
    }
    return false;
  }

  private workdayAt(day: number): boolean {
    const local = this.overrides.get(day);
    return local ? local.kind === 'work' : this.national.workday(day);
  }

  private info(day: number): DayInfo {
    const official = this.national.day(day);
    const local = this.overrides.get(day);
    const names = {
      ...(official.name ? { name: official.name } : {}),
      ...(official.nameEn ? { nameEn: official.nameEn } : {}),
    };
    if (!local) {
      return {
        date: formatDay(day),
        workday: official.workday,
        reason: official.reason,
        ...names,
        ...(official.estimated ? { estimated: true as const } : {}),
      };
    }
    return {
      date: formatDay(day),
      workday: local.kind === 'work',
      reason: local.kind === 'work' ? 'local_work' : 'local_rest',
      ...names,
      ...(local.note ? { note: local.note } : {}),
      overrideNodeId: local.orgNodeId,
    };
  }
}

/** An override as stored, with the node it was set at. */
export interface NodeOverride extends CalendarOverride {
  id: number;
  nodeName: string;
  nodeKind: OrgKind;
  /** ltree path of the node the override was set at */
  nodePath: string;
  note: string | null;
  createdBy: number | null;
  createdAt: Date;
}

/**
 * Overrides effective at a node: those set at the node and at each of its ancestors, in one query (the node's
 * ltree path finds its ancestors). Ordered by day, the deciding (deepest) one first within a day.
 */
export async function loadNodeOverrides(
  db: DbOrTx,
  nodeId: number,
  range?: { from?: string; to?: string },
): Promise<NodeOverride[]> {
  const conditions = [sql`${orgNodes.path} @> (select target.path from org_nodes target where target.id = ${nodeId})`];
  if (range?.from) conditions.push(sql`${calendarOverrides.day} >= ${formatDay(parseDay(range.from))}`);
  if (range?.to) conditions.push(sql`${calendarOverrides.day} <= ${formatDay(parseDay(range.to))}`);
  return db
    .select({
      id: calendarOverrides.id,
      orgNodeId: calendarOverrides.orgNodeId,
      depth: orgNodes.depth,
      nodeName: orgNodes.name,
      nodeKind: orgNodes.kind,
      nodePath: orgNodes.path,
      day: calendarOverrides.day,
      kind: calendarOverrides.kind,
      note: calendarOverrides.note,
      createdBy: calendarOverrides.createdBy,
      createdAt: calendarOverrides.createdAt,
    })
    .from(calendarOverrides)
    .innerJoin(orgNodes, eq(orgNodes.id, calendarOverrides.orgNodeId))
    .where(sql.join(conditions, sql` and `))
    .orderBy(asc(calendarOverrides.day), desc(orgNodes.depth));
}

/**
 * The working calendar of an org node, with the overrides of its ancestors loaded once (one query) and the
 * national calendar from the process cache (nationalCalendarStore.ts), so any amount of deadline arithmetic
 * afterwards touches no database. `fresh` reads the national calendar from the database, bypassing the cache
 * (the recompute after a year is entered must not count on a copy another process cached a minute ago);
 * `national` passes one already read (a batch reads it once for all its requests).
 */
export async function loadWorkCalendar(
  db: DbOrTx,
  nodeId: number,
  options: { hours?: readonly WorkingHours[]; fresh?: boolean; national?: NationalCalendar } = {},
): Promise<WorkCalendar> {
  const overrides = await loadNodeOverrides(db, nodeId);
  const national = options.national ?? (await loadNationalCalendar(db, { fresh: options.fresh }));
  return new WorkCalendar({ national, overrides, ...(options.hours ? { hours: options.hours } : {}) });
}

