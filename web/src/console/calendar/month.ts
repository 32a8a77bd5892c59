import type { CalendarDay } from '@/shared/api/endpoints';
import { ymd } from '@/shared/format';

/**
 * Days to fetch for a month view: the month padded by a week before and two after, which covers every cell a
 * six-row month grid can show whichever weekday it starts on.
 */
export function visibleRange(year: number, month: number): { from: string; to: string } {
  const start = new Date(Date.UTC(year, month - 1, 1 - 7));
  const end = new Date(Date.UTC(year, month, 14));
  const fmt = (d: Date) => ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  return { from: fmt(start), to: fmt(end) };
}

export interface MonthSummary {
  workdays: number;
  restDays: number;
  /** Days of the month counted on an estimate (their year's holiday schedule is not entered yet). */
  estimated: number;
  /** Days that differ from the plain Monday–Friday rule, in date order. */
  special: CalendarDay[];
}

const SPECIAL = new Set<CalendarDay['reason']>(['holiday', 'makeup_workday', 'local_rest', 'local_work']);

export function summarizeMonth(days: readonly CalendarDay[], year: number, month: number): MonthSummary {
  const prefix = `${year}-${String(month).padStart(2, '0')}-`;
  const inMonth = days.filter((d) => d.date.startsWith(prefix));
  return {
    workdays: inMonth.filter((d) => d.workday).length,
    restDays: inMonth.filter((d) => !d.workday).length,
    estimated: inMonth.filter((d) => d.estimated).length,
    special: inMonth.filter((d) => SPECIAL.has(d.reason)).sort((a, b) => a.date.localeCompare(b.date)),
  };
}

/** The day's own name in the UI language (holiday name, or the note of a local override), or ''. */
export function dayName(day: CalendarDay, locale: string): string {
  const official = locale === 'en' ? (day.nameEn ?? day.name) : day.name;
  return official ?? day.note ?? '';
}

/** The short badge a Chinese wall calendar prints on a day: 休 for a day off, 班 for a make-up workday. */
export function badgeFor(day: CalendarDay): 'rest' | 'work' | null {
  if (day.reason === 'holiday' || day.reason === 'local_rest') return 'rest';
  if (day.reason === 'makeup_workday' || day.reason === 'local_work') return 'work';
  return null;
}

/** The years among the days whose holiday schedule is not entered yet (the page says so above the calendar). */
export function estimatedYears(days: Iterable<CalendarDay>): number[] {
  const years = new Set<number>();
  for (const d of days) if (d.estimated) years.add(Number(d.date.slice(0, 4)));
  return [...years].sort((a, b) => a - b);
}
