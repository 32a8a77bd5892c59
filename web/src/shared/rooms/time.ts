/**
 * Dates and clock times for room pages, always in China time whatever the browser's zone: the server resolves
 * opening hours and bookings on Asia/Shanghai days. China has kept UTC+8 without daylight saving since 1991,
 * so a fixed offset is exact and avoids Intl look-ups in tight layout loops.
 */

export const MINUTES_PER_DAY = 1440;
const OFFSET_MS = 8 * 60 * 60_000;
const DAY_MS = 86_400_000;

function parseYmd(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

function formatYmd(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return formatYmd(parseYmd(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseYmd(to) - parseYmd(from)) / DAY_MS);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(parseYmd(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The seven dates of the week starting at `monday`. */
export function weekDates(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const count = daysBetween(from, to) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => addDays(from, i));
}

/** "19:30" → 1170; "24:00" → 1440 (midnight at the end of the day). */
export function clockMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** 1170 → "19:30"; 1440 → "24:00". */
export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** The instant a date and clock time name in China time, as the API takes it: 2026-03-03T19:00:00+08:00. */
export function instantAt(date: string, clock: string): string {
  const minutes = clockMinutes(clock);
  if (minutes >= MINUTES_PER_DAY) return instantAt(addDays(date, 1), formatClock(minutes - MINUTES_PER_DAY));
  return `${date}T${formatClock(minutes)}:00+08:00`;
}

/** The China-time date of an instant. */
export function dateOfInstant(iso: string): string {
  return formatYmd(new Date(iso).getTime() + OFFSET_MS);
}

/**
 * Minutes after the China-time midnight of `date` at which the instant falls; an end at the following midnight
 * reads 1440, so "22:00–24:00" stays on its own day.
 */
export function minuteOfDate(iso: string, date: string): number {
  return Math.round((new Date(iso).getTime() + OFFSET_MS - parseYmd(date)) / 60_000);
}

/** "19:00–21:00" for a span within one day. */
export function spanLabel(startsAt: string, endsAt: string): string {
  const date = dateOfInstant(startsAt);
  return `${formatClock(minuteOfDate(startsAt, date))}–${formatClock(minuteOfDate(endsAt, date))}`;
}

/** Hours between two instants, to two decimals at most. */
export function hoursBetween(startsAt: string, endsAt: string): number {
  return Math.round(((new Date(endsAt).getTime() - new Date(startsAt).getTime()) / 3_600_000) * 100) / 100;
}

/** "3月24日" / "Mar 24" without the year, for dense lists. */
export function shortDate(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)),
  );
}
