import { shanghaiDate } from '../../platform/calendarDays.js';

/**
 * Ages are computed from the birth date against today in Asia/Shanghai whenever they are asked for — never stored,
 * so an 80-year-old becomes one on their birthday without any job.
 */
export const AGE_BANDS = ['under18', 'from18to59', 'from60to79', 'from80'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Today's date in China, YYYY-MM-DD. */
export function chinaToday(now: Date): string {
  return shanghaiDate(now);
}

/** The latest birth date of someone aged at least `years` on `today` (29 Feb birthdays count from 1 March). */
export function bornOnOrBefore(today: string, years: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0); // 29 Feb → 28 Feb in a common year
  return date.toISOString().slice(0, 10);
}

export function ageOn(birthDate: string | null, today: string): number | null {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Birth-date bounds of a band: born after `after` (exclusive) and on or before `onOrBefore`. */
export function bandBounds(band: AgeBand, today: string): { after?: string; onOrBefore?: string } {
  switch (band) {
    case 'under18':
      return { after: bornOnOrBefore(today, 18) };
    case 'from18to59':
      return { after: bornOnOrBefore(today, 60), onOrBefore: bornOnOrBefore(today, 18) };
    case 'from60to79':
      return { after: bornOnOrBefore(today, 80), onOrBefore: bornOnOrBefore(today, 60) };
    case 'from80':
      return { onOrBefore: bornOnOrBefore(today, 80) };
  }
}

/** A Date at UTC midnight of a China day, for parseResidentId's "not after today" check. */
export function dayAsDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
