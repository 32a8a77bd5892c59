import { dayOfInstant, dayStartMs, formatDay, parseDay, toShanghaiIso } from '../../platform/calendarDays.js';
import { errors } from '../../platform/errors.js';
import { formatClock, isoWeekday } from './hours.js';

/** China-time helpers for rooms: instants in, dates and clock times out. */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export function checkRange(from: string, to: string, maxDays: number): { first: number; last: number } {
  const first = parseDay(from);
  const last = parseDay(to);
  if (last < first) {
    throw errors.badRequest('invalid_range', `结束日期 ${to} 早于开始日期 ${from}`, `The end date ${to} is before the start date ${from}`, { from, to });
  }
  if (last - first + 1 > maxDays) {
    throw errors.badRequest('range_too_long', `日期范围最多 ${maxDays} 天`, `The date range may span at most ${maxDays} days`, { from, to, maxDays });
  }
  return { first, last };
}

export function parseInstant(value: string, field: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw errors.badRequest('invalid_instant', `${field} 不是有效的时间`, `${field} is not a valid point in time`, { field, value });
  }
  return at;
}

/** How instants are written in room responses: China time with its offset, e.g. 2026-03-03T19:00:00+08:00. */
export function iso(at: Date): string {
  return toShanghaiIso(at);
}

export function isoOrNull(at: Date | null): string | null {
  return at ? toShanghaiIso(at) : null;
}

export function dateOf(ms: number): string {
  return formatDay(dayOfInstant(ms));
}

/** Minutes after the China-time midnight of the instant's own day. */
export function minuteOfDay(ms: number): number {
  return Math.round((ms - dayStartMs(dayOfInstant(ms))) / MINUTE_MS);
}

/** 'HH:MM' of an instant; an end exactly at midnight after `dayStart` reads 24:00. */
export function clockOf(ms: number, dayStart?: number): string {
  if (dayStart !== undefined && ms - dayStart === DAY_MS) return '24:00';
  return formatClock(minuteOfDay(ms));
}

export function spanText(start: number, end: number): string {
  const base = dayStartMs(dayOfInstant(start));
  return `${clockOf(start)}–${clockOf(end, base)}`;
}

/** The Monday that starts the China-time week of a day number. */
export function weekStartDay(dayNumber: number): number {
  return dayNumber - (isoWeekday(dayNumber) - 1);
}

export function instantAt(date: string, minutes: number): Date {
  return new Date(dayStartMs(parseDay(date)) + minutes * MINUTE_MS);
}

/** The date of an instant and the instant its China-time day starts. */
export function dayOf(at: Date): { date: string; day: number; startMs: number } {
  const day = dayOfInstant(at.getTime());
  return { date: formatDay(day), day, startMs: dayStartMs(day) };
}
