import { errors } from './errors.js';

/**
 * The period of a statistics page (volunteering, convenience services): `to` defaults to today, `from` to the first
 * day of the month `monthsBack` months before `to`'s; at most a year, never backwards (400 with a stable code).
 */
export function statsPeriod(q: { from?: string; to?: string }, today: string, monthsBack: number): { from: string; to: string } {
  const to = q.to ?? today;
  const from = q.from ?? `${addMonths(to.slice(0, 7), -monthsBack)}-01`;
  if (from > to) throw errors.badRequest('period_invalid', '开始日期不能晚于结束日期', 'The start date cannot be after the end date');
  if ((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 > 366) {
    throw errors.badRequest('period_too_long', '统计期间最长一年', 'A period is at most one year');
  }
  return { from, to };
}

/** 'YYYY-MM' plus n months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** Every month 'YYYY-MM' from the month of `from` to the month of `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addMonths(m, 1)) out.push(m);
  return out;
}
