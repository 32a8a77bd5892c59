import type { LimitUnit, RequestChannel, RequestPriority } from '../../db/schema/requests.js';
import { WorkCalendar } from '../../platform/calendar.js';
import { dayOfInstant, dayStartMs, formatDay, weekdayOf } from '../../platform/calendarDays.js';
import { AppError } from '../../platform/errors.js';

/**
 * Deadlines (限时办结) of a request, on the working calendar of its node (platform/calendar.ts).
 *
 * Years the official holiday data does not cover: intake never fails and never pretends. Days of such a year
 * count as workdays Monday to Friday (weekends only, no holidays, no make-up days, no local overrides); the
 * result carries `estimated: true`, stored as `requests.deadline_estimated` and shown on the request, so
 * staff know the date may move once the State Council's notice for that year is in the package.
 */
export interface LimitSpec {
  amount: number;
  unit: LimitUnit;
}

export interface Limits {
  response: LimitSpec;
  resolution: LimitSpec;
  /** On-site verification of grid events (building leaders', mobile grid workers' reports) [seeds 002]. */
  onSite: LimitSpec;
}

/** The built-in defaults, used where no node has set its own (request_time_limits). */
export const DEFAULT_LIMITS: Record<RequestPriority, Omit<Limits, 'onSite'>> = {
  urgent: { response: { amount: 120, unit: 'calendar_minutes' }, resolution: { amount: 24 * 60, unit: 'calendar_minutes' } },
  ordinary: { response: { amount: 1, unit: 'working_days' }, resolution: { amount: 5, unit: 'working_days' } },
  complex: { response: { amount: 1, unit: 'working_days' }, resolution: { amount: 15, unit: 'working_days' } },
};
export const DEFAULT_ON_SITE: LimitSpec = { amount: 120, unit: 'working_minutes' };

/** Channels whose reports are grid events: a grid worker verifies them on site within the on-site limit. */
export const GRID_EVENT_CHANNELS: readonly RequestChannel[] = ['building_leader', 'mobile_grid_worker'];

/** After the deadline, each further level up is escalated one working day (or six calendar hours) later. */
export const ESCALATION_STEP_CALENDAR_MS = 6 * 3_600_000;

export interface Instant {
  at: Date;
  estimated: boolean;
}

const MINUTE_MS = 60_000;
const MAX_ESTIMATE_DAYS = 1830;

function isUnknownYear(err: unknown): boolean {
  return err instanceof AppError && err.code === 'calendar_year_unknown';
}

/** Working-time arithmetic with the official calendar where it has data and weekends-only days where it has not. */
export class Deadlines {
  private readonly stretches: [number, number][];

  constructor(readonly calendar: WorkCalendar) {
    this.stretches = calendar.hours.map((h) => [clockMs(h.start), clockMs(h.end)]);
  }

  add(start: Date, spec: LimitSpec): Instant {
    if (spec.unit === 'calendar_minutes') return { at: new Date(start.getTime() + spec.amount * MINUTE_MS), estimated: false };
    try {
      const at =
        spec.unit === 'working_days' ? this.calendar.addWorkingDays(start, spec.amount) : this.calendar.addWorkingTime(start, spec.amount);
      return { at, estimated: false };
    } catch (err) {
      if (!isUnknownYear(err)) throw err;
      const at = spec.unit === 'working_days' ? this.estimateDays(start, spec.amount) : this.estimateMinutes(start, spec.amount);
      return { at, estimated: true };
    }
  }

  /** The opening (first working hour) of the day a deadline falls on: when "due today" reminders go out. */
  openingOf(at: Date): Date {
    return new Date(dayStartMs(dayOfInstant(at.getTime())) + this.stretches[0]![0]);
  }

  private workday(day: number): boolean {
    try {
      return this.calendar.isWorkday(formatDay(day));
    } catch (err) {
      if (!isUnknownYear(err)) throw err;
      const weekday = weekdayOf(day);
      return weekday !== 0 && weekday !== 6;
    }
  }

  /** Same definition as WorkCalendar.addWorkingDays, over `workday`. */
  private estimateDays(start: Date, n: number): Date {
    const closing = this.stretches.at(-1)![1];
    const first = dayOfInstant(start.getTime());
    let counted = 0;
    for (let day = n === 0 ? first : first + 1; day - first <= MAX_ESTIMATE_DAYS; day++) {
      if (!this.workday(day)) continue;
      const close = dayStartMs(day) + closing;
      if (n === 0 ? close >= start.getTime() : ++counted === n) return new Date(close);
    }
    throw new RangeError('deadline estimate: span too long');
  }

  /** Same definition as WorkCalendar.addWorkingTime, over `workday`. */
  private estimateMinutes(start: Date, minutes: number): Date {
    let remaining = Math.round(minutes * MINUTE_MS);
    const startMs = start.getTime();
    if (remaining === 0) return new Date(startMs);
    const first = dayOfInstant(startMs);
    for (let day = first; day - first <= MAX_ESTIMATE_DAYS; day++) {
      if (!this.workday(day)) continue;
      const base = dayStartMs(day);
      for (const [s, e] of this.stretches) {
        const from = Math.max(startMs, base + s);
        const to = base + e;
        if (to <= from) continue;
        if (remaining <= to - from) return new Date(from + remaining);
        remaining -= to - from;
      }
    }
    throw new RangeError('deadline estimate: span too long');
  }
}

function clockMs(value: string): number {
  const [h, m] = value.split(':').map(Number);
  return (h! * 60 + m!) * MINUTE_MS;
}

export interface RequestDeadlines {
  responseDueAt: Date;
  resolutionDueAt: Date;
  reminderAt: Date;
  limitClock: 'calendar' | 'working';
  estimated: boolean;
}

/**
 * Reminders (催办) go out on the morning of the due day for limits in working days, and when a quarter of the
 * time is left for limits in minutes.
 */
export function reminderFor(deadlines: Deadlines, start: Date, due: Date, unit: LimitUnit): Date {
  const at = unit === 'working_days' ? deadlines.openingOf(due) : new Date(due.getTime() - (due.getTime() - start.getTime()) / 4);
  return at.getTime() < start.getTime() ? start : at;
}

/** Both deadlines of a request received at `receivedAt`; grid events are due on site within the on-site limit. */
export function computeDeadlines(deadlines: Deadlines, receivedAt: Date, limits: Limits, channel: RequestChannel): RequestDeadlines {
  let response = deadlines.add(receivedAt, limits.response);
  if (GRID_EVENT_CHANNELS.includes(channel)) {
    const onSite = deadlines.add(receivedAt, limits.onSite);
    if (onSite.at.getTime() < response.at.getTime()) response = onSite;
  }
  const resolution = deadlines.add(receivedAt, limits.resolution);
  return {
    responseDueAt: response.at,
    resolutionDueAt: resolution.at,
    reminderAt: reminderFor(deadlines, receivedAt, resolution.at, limits.resolution.unit),
    limitClock: limits.resolution.unit === 'calendar_minutes' ? 'calendar' : 'working',
    estimated: response.estimated || resolution.estimated,
  };
}

/** When escalation level `level` (1 = the node just above) falls due for a resolution deadline `due`. */
export function escalationDueAt(deadlines: Deadlines, due: Date, level: number, clock: 'calendar' | 'working'): Instant {
  if (level <= 1) return { at: due, estimated: false };
  if (clock === 'calendar') return { at: new Date(due.getTime() + (level - 1) * ESCALATION_STEP_CALENDAR_MS), estimated: false };
  return deadlines.add(due, { amount: level - 1, unit: 'working_days' });
}

/** Limit rows as loaded for a request: the node's depth and how specific the category match is. */
export interface LimitRow {
  nodeDepth: number;
  /** 2 = the category itself, 1 = its parent category, 0 = any category. */
  categoryRank: number;
  responseAmount: number;
  responseUnit: LimitUnit;
  resolutionAmount: number;
  resolutionUnit: LimitUnit;
  onSiteAmount: number | null;
  onSiteUnit: LimitUnit | null;
}

/** The most specific row wins (deepest node, then category, parent category, any); on-site may come from another row. */
export function pickLimits(rows: readonly LimitRow[], priority: RequestPriority): Limits {
  const sorted = [...rows].sort((a, b) => b.nodeDepth - a.nodeDepth || b.categoryRank - a.categoryRank);
  const main = sorted[0];
  const onSiteRow = sorted.find((r) => r.onSiteAmount !== null && r.onSiteUnit !== null);
  const base = DEFAULT_LIMITS[priority];
  return {
    response: main ? { amount: main.responseAmount, unit: main.responseUnit } : base.response,
    resolution: main ? { amount: main.resolutionAmount, unit: main.resolutionUnit } : base.resolution,
    onSite: onSiteRow ? { amount: onSiteRow.onSiteAmount!, unit: onSiteRow.onSiteUnit! } : DEFAULT_ON_SITE,
  };
}
