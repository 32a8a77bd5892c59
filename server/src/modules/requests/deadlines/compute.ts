import type { LimitUnit, RequestChannel, RequestPriority } from '../../../db/schema/requests.js';
import type { WorkCalendar } from '../../../platform/calendar.js';
import { dayOfInstant, dayStartMs } from '../../../platform/calendarDays.js';

/**
 * Deadlines (限时办结) of a request, on the working calendar of its node (platform/calendar.ts).
 *
 * Years whose national holiday schedule is not entered yet: intake never fails and never pretends. Their days
 * count as workdays Monday to Friday; a deadline counted over such a day carries `estimated: true`, stored as
 * `requests.deadline_estimated` and shown on the request ("预计（节假日安排未公布）"), so staff know the date may
 * move. When the year is entered, the deadlines are counted again (requests/deadlines/recompute.ts).
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

/** Working-time arithmetic for limits, saying whether the result rests on an estimated day. */
export class Deadlines {
  private readonly opening: number;

  constructor(readonly calendar: WorkCalendar) {
    const [h, m] = calendar.hours[0]!.start.split(':').map(Number);
    this.opening = (h! * 60 + m!) * MINUTE_MS;
  }

  add(start: Date, spec: LimitSpec): Instant {
    if (spec.unit === 'calendar_minutes') return { at: new Date(start.getTime() + spec.amount * MINUTE_MS), estimated: false };
    const at =
      spec.unit === 'working_days' ? this.calendar.addWorkingDays(start, spec.amount) : this.calendar.addWorkingTime(start, spec.amount);
    return { at, estimated: this.calendar.estimatedBetween(start, at) };
  }

  /** The opening (first working hour) of the day a deadline falls on: when "due today" reminders go out. */
  openingOf(at: Date): Date {
    return new Date(dayStartMs(dayOfInstant(at.getTime())) + this.opening);
  }
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

/** The response deadline; grid events are due on site within the on-site limit when that comes first. */
function responseDue(deadlines: Deadlines, receivedAt: Date, limits: Limits, channel: RequestChannel): Instant {
  const response = deadlines.add(receivedAt, limits.response);
  if (!GRID_EVENT_CHANNELS.includes(channel)) return response;
  const onSite = deadlines.add(receivedAt, limits.onSite);
  return onSite.at.getTime() < response.at.getTime() ? onSite : response;
}

/** Both deadlines of a request received at `receivedAt`. */
export function computeDeadlines(deadlines: Deadlines, receivedAt: Date, limits: Limits, channel: RequestChannel): RequestDeadlines {
  const response = responseDue(deadlines, receivedAt, limits, channel);
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

/** What a request's current deadlines were counted from: replayed when the calendar under them changed. */
export interface DeadlineHistory {
  receivedAt: Date;
  channel: RequestChannel;
  /** The limits in force at the request's node for its priority and category. */
  limits: Limits;
  /** Responded already: the response deadline decided whether the response was on time, and stays. */
  responded: boolean;
  /** When the current round began (the last reopening), or null: counted from receipt. */
  reopenedAt: Date | null;
  /** Working days granted by the approved extensions of this round, in the order approved. */
  extensions: readonly number[];
}

export interface ReplayedDeadlines {
  /** Null when the request has responded (the response deadline is not counted again). */
  responseDueAt: Date | null;
  resolutionDueAt: Date;
  /** The reminder for the resolution deadline, counted from the start of the round's last step. */
  reminderAt: Date;
  estimated: boolean;
}

/**
 * The deadlines counted again the way the request's steps counted them: the response from receipt; the resolution
 * from receipt (or from the last reopening, requests/followup/service.ts), then each approved extension's working days
 * from the deadline before it (requests/workflow/extensions.ts). Used after a year's national schedule arrives.
 */
export function replayDeadlines(deadlines: Deadlines, h: DeadlineHistory): ReplayedDeadlines {
  const response = h.responded ? null : responseDue(deadlines, h.receivedAt, h.limits, h.channel);
  const start = h.reopenedAt ?? h.receivedAt;
  let resolution = deadlines.add(start, h.limits.resolution);
  let estimated = resolution.estimated || (response?.estimated ?? false);
  for (const days of h.extensions) {
    resolution = deadlines.add(resolution.at, { amount: days, unit: 'working_days' });
    estimated ||= resolution.estimated;
  }
  const unit: LimitUnit = h.extensions.length ? 'working_days' : h.limits.resolution.unit;
  return {
    responseDueAt: response?.at ?? null,
    resolutionDueAt: resolution.at,
    reminderAt: reminderFor(deadlines, start, resolution.at, unit),
    estimated,
  };
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
