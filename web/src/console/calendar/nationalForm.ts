import type { NationalSpecialDay } from '@/shared/api/endpoints';
import { ymd } from '@/shared/format';

/**
 * Editing a year of the national holiday schedule in the form: a notice lists days off as ranges ("1月1日至3日
 * 放假") and make-up workdays one by one, so the form adds ranges and single days to a sorted list. The server
 * checks everything again (inside the year, no duplicates, make-up days on weekends); these helpers only keep
 * the list tidy.
 */

/** A holiday is at most a few weeks long; a longer range is a slip of the picker. */
export const MAX_RANGE_DAYS = 31;

const toUtc = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));

/** Every date from `from` to `to`, both included (empty when backwards or longer than MAX_RANGE_DAYS). */
export function datesInRange(from: string, to: string): string[] {
  const first = toUtc(from);
  const last = toUtc(to);
  const count = Math.round((last - first) / 86_400_000) + 1;
  if (!Number.isFinite(count) || count < 1 || count > MAX_RANGE_DAYS) return [];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(first + i * 86_400_000);
    return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  });
}

export function isWeekend(date: string): boolean {
  const weekday = new Date(toUtc(date)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Add days to the list; a date already there is replaced by the new entry. Sorted by date. */
export function withDays(list: readonly NationalSpecialDay[], added: readonly NationalSpecialDay[]): NationalSpecialDay[] {
  const byDate = new Map(list.map((d) => [d.date, d]));
  for (const d of added) byDate.set(d.date, d);
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** The days off of a range, named after their holiday. */
export function holidayRange(from: string, to: string, name: string, nameEn: string): NationalSpecialDay[] {
  return datesInRange(from, to).map((date) => ({ date, kind: 'holiday', name: name.trim(), nameEn: nameEn.trim() || null }));
}
