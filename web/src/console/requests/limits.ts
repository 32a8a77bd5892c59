import type { Limit, LimitUnit } from '@/shared/api/requestsApi';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * Time limits are stored in minutes (calendar or working) or whole working days. People think in hours and days,
 * so the settings page shows and edits hours for the minute units.
 */
export type EditUnit = 'calendar_hours' | 'working_hours' | 'working_days';
export const EDIT_UNITS: readonly EditUnit[] = ['calendar_hours', 'working_hours', 'working_days'];

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 1440;

export function formatLimit(limit: Limit, t: Translate): string {
  const { amount, unit } = limit;
  if (unit === 'working_days') return t('requests.console.limits.workingDays', { n: amount });
  const hours = amount / MINUTES_PER_HOUR;
  if (unit === 'calendar_minutes') {
    if (amount % MINUTES_PER_DAY === 0) return t('requests.console.limits.calendarDays', { n: amount / MINUTES_PER_DAY });
    return Number.isInteger(hours) ? t('requests.console.limits.calendarHours', { n: hours }) : t('requests.console.limits.calendarMinutes', { n: amount });
  }
  return Number.isInteger(hours) ? t('requests.console.limits.workingHours', { n: hours }) : t('requests.console.limits.workingMinutes', { n: amount });
}

/** The limit as the edit form shows it: a number of hours or working days. */
export function toEditable(limit: Limit): { value: number; unit: EditUnit } {
  if (limit.unit === 'working_days') return { value: limit.amount, unit: 'working_days' };
  const value = Math.round((limit.amount / MINUTES_PER_HOUR) * 100) / 100;
  return { value, unit: limit.unit === 'calendar_minutes' ? 'calendar_hours' : 'working_hours' };
}

/** Back to what the server stores; null when the value is not a positive amount. */
export function fromEditable(value: number | null | undefined, unit: EditUnit): Limit | null {
  if (value === null || value === undefined || !Number.isFinite(value) || value <= 0) return null;
  if (unit === 'working_days') return Number.isInteger(value) ? { amount: value, unit: 'working_days' } : null;
  const minutes = Math.round(value * MINUTES_PER_HOUR);
  if (minutes < 1) return null;
  const stored: LimitUnit = unit === 'calendar_hours' ? 'calendar_minutes' : 'working_minutes';
  return { amount: minutes, unit: stored };
}
