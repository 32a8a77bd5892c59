import { errors } from './errors.js';

/**
 * Days in Asia/Shanghai. Dates are handled as day numbers: whole days since 1970-01-01 in China Standard Time
 * (UTC+8 all year; China has had no daylight saving since 1991), so day arithmetic is integer arithmetic and the
 * server's own time zone never matters. Which days are holidays is data: nationalCalendar.ts.
 */

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

export type OfficialReason = 'weekday' | 'weekend' | 'holiday' | 'makeup_workday';

// ---- day numbers ----------------------------------------------------------------------------------------

/** Day number of a civil date (proleptic Gregorian), without Date's two-digit-year quirks. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

/** 'YYYY-MM-DD' → day number; a malformed or impossible date (2026-02-30) is a 400 with a clear message. */
export function parseDay(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  if (!m || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw errors.badRequest(
      'invalid_date',
      `日期无效：“${value}”，应为 YYYY-MM-DD 格式的真实日期`,
      `Invalid date "${value}": expected a real date written YYYY-MM-DD`,
      { value },
    );
  }
  return daysFromCivil(year, month, day);
}

export function formatDay(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** The instant 00:00 China time begins that day. */
export function dayStartMs(dayNumber: number): number {
  return dayNumber * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** The China-time day an instant (epoch milliseconds) falls on. */
export function dayOfInstant(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The China-time date of an instant, 'YYYY-MM-DD'. */
export function shanghaiDate(at: Date): string {
  return formatDay(dayOfInstant(instantMs(at)));
}

/** An instant written in China time, e.g. 2026-10-08T10:00:00+08:00 (for messages and tests). */
export function toShanghaiIso(at: Date): string {
  const ms = instantMs(at);
  const local = new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

/** Epoch milliseconds of a Date; an invalid Date is refused as bad input, never computed with. */
export function instantMs(at: Date): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw errors.badRequest('invalid_instant', '时间无效', 'Invalid point in time', { value: String(at) });
  }
  return ms;
}
