import type { HeatCell, Utilisation } from '@/shared/api/roomsApi';
import { ymd } from '@/shared/format';
import { addDays, mondayOf } from '@/shared/rooms/time';

/**
 * The numbers behind the utilisation charts, shaped as ECharts wants them. Kept apart from the page so the
 * arithmetic (ranges, percentages, the heatmap grid) is tested without drawing anything.
 */

export type Period = 'week' | 'month';

/**
 * The last four weeks, or the last three months, up to the end of the current one: recent enough to act on, and
 * this week's bookings are in it. (Twelve weeks mostly showed the empty weeks before the rooms were in use.)
 */
export function utilisationRange(period: Period, today: string): { from: string; to: string } {
  if (period === 'week') {
    const monday = mondayOf(today);
    return { from: addDays(monday, -7 * 3), to: addDays(monday, 6) };
  }
  const [y, m] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 - 2, 1));
  const last = new Date(Date.UTC(y, m, 0));
  return { from: ymd(first.getUTCFullYear(), first.getUTCMonth() + 1, 1), to: ymd(last.getUTCFullYear(), last.getUTCMonth() + 1, last.getUTCDate()) };
}

/** Nothing to chart: the rooms were never open in the range, or nobody booked them. */
export function utilisationEmpty(data: Pick<Utilisation, 'totals'>): 'closed' | 'unbooked' | null {
  if (data.totals.openHours === 0) return 'closed';
  if (data.totals.bookedHours === 0) return 'unbooked';
  return null;
}

/** A ratio as a whole percentage for the charts; null (never open) stays a gap rather than a zero. */
export function percent(ratio: number | null): number | null {
  return ratio === null ? null : Math.round(ratio * 1000) / 10;
}

/** "11/23" for a week's Monday, "2026-11" stays as it is for a month. */
export function bucketLabel(key: string, period: Period): string {
  return period === 'week' ? `${Number(key.slice(5, 7))}/${Number(key.slice(8, 10))}` : key;
}

export function trendSeries(data: Pick<Utilisation, 'buckets' | 'period'>) {
  return {
    labels: data.buckets.map((b) => bucketLabel(b.key, data.period)),
    booked: data.buckets.map((b) => percent(b.bookedRatio)),
    used: data.buckets.map((b) => percent(b.usedRatio)),
    openHours: data.buckets.map((b) => b.openHours),
  };
}

/**
 * The weekday × hour grid of booked hours: every cell present (zeros included, so the grid has no holes),
 * hours from the earliest to the latest one with bookings, widened to at least 08:00–22:00.
 */
export function heatmapGrid(cells: readonly HeatCell[]): { hours: number[]; data: [number, number, number][]; max: number } {
  const used = cells.filter((c) => c.bookedHours > 0).map((c) => c.hour);
  const first = Math.min(8, ...used);
  const last = Math.max(21, ...used);
  const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const value = new Map(cells.map((c) => [`${c.weekday}:${c.hour}`, c.bookedHours]));
  const data: [number, number, number][] = [];
  for (let w = 1; w <= 7; w++) {
    for (const [x, h] of hours.entries()) data.push([x, w - 1, Math.round((value.get(`${w}:${h}`) ?? 0) * 100) / 100]);
  }
  return { hours, data, max: Math.max(1, ...data.map((d) => d[2])) };
}

/** Teams by booked hours, most first, at most `limit` (the chart stays readable). */
export function topTeams(teams: Utilisation['teams'], limit = 12) {
  return [...teams].sort((a, b) => b.bookedHours - a.bookedHours || a.name.localeCompare(b.name)).slice(0, limit);
}
