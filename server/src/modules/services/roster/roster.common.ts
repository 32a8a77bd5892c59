import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { orgNodes } from '../../../db/schema/org.js';
import { roleAssignments, users } from '../../../db/schema/users.js';
import { errors } from '../../../platform/errors.js';
import { formatClock, mergeIntervals, resolveDay, subtractIntervals, type MinuteInterval } from '../../rooms/hours.js';
import { centerScheduleData } from '../../rooms/hours.service.js';
import { datesBetween } from '../../rooms/hours.js';
import type { ServicesCenter } from '../common/center.js';

/** What the roster pages and the gap job share: the hall's open hours per day, the gaps, and who may be on duty. */

export const MAX_ROSTER_DAYS = 92;

export const rosterErrors = {
  badRange: () => errors.badRequest('roster_bad_range', '日期范围无效（起始不晚于结束，最长 92 天）', 'Invalid date range (from ≤ to, at most 92 days)'),
  badTime: () => errors.badRequest('roster_bad_time', '班次时间无效（HH:MM，开始早于结束）', 'Invalid shift time (HH:MM, start before end)'),
  duplicate: () => errors.conflict('roster_shift_exists', '该人员在这一天这一时刻已有班次', 'This person already has a shift starting then on that day'),
  noHall: () => errors.conflict('roster_no_hall_hours', '该中心尚未设置大厅开放时间', 'The center has no hall opening hours yet'),
  noPeople: () => errors.badRequest('roster_no_people', '请至少选择一名值班人员', 'Choose at least one person'),
};

export interface DayHours {
  date: string;
  open: boolean;
  intervals: MinuteInterval[];
  holiday: string | null;
}

/** The hall's open hours for each day of the range (union of the center's `hall` schedules); null without one. */
export async function hallDays(db: DbOrTx, center: { id: number; orgNodeId: number }, from: string, to: string): Promise<DayHours[] | null> {
  const { schedules, data, holidays } = await centerScheduleData(db, center.id, center.orgNodeId, { from, to });
  const halls = schedules.filter((s) => s.purpose === 'hall');
  if (halls.length === 0) return null;
  return datesBetween(from, to).map((date) => {
    const h = holidays.on(date);
    const resolved = halls.map((s) => resolveDay(data.get(s.id)!, date, h));
    const intervals = mergeIntervals(resolved.flatMap((r) => r.intervals));
    return { date, open: intervals.length > 0, intervals, holiday: h.holiday ? (h.name ?? '') : null };
  });
}

/** The open stretches no shift covers. */
export function gapsOf(day: DayHours, shifts: { startsMin: number; endsMin: number }[]): [number, number][] {
  return subtractIntervals(
    day.intervals,
    shifts.map((s) => ({ start: s.startsMin, end: s.endsMin })),
  ).map((i) => [i.start, i.end]);
}

export const presentGap = ([s, e]: [number, number]) => ({ from: formatClock(s), to: formatClock(e) });

export function parseHm(value: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || minutes > 1440) throw rosterErrors.badTime();
  return minutes;
}

export function checkRange(from: string, to: string): string[] {
  if (from > to) throw rosterErrors.badRange();
  const days = datesBetween(from, to);
  if (days.length > MAX_ROSTER_DAYS) throw rosterErrors.badRange();
  return days;
}

/** A person who may be on duty at the center: holds a role at or under its node; otherwise 404 naming no one. */
export async function dutyPerson(db: DbOrTx, center: ServicesCenter, userId: number): Promise<{ id: number; displayName: string }> {
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(
      and(
        eq(users.id, userId),
        eq(users.disabled, false),
        sql`exists (select 1 from ${roleAssignments} ra join ${orgNodes} n on n.id = ra.org_node_id
                    where ra.user_id = ${users.id} and ra.role <> 'resident' and n.path <@ ${center.nodePath}::ltree)`,
      ),
    );
  if (!row) throw errors.notFound();
  return row;
}
