import type { BookingStatus, RoomKind, WaitlistStatus } from '../api/roomsApi';

/** How statuses and kinds look on screen, shared by the phone pages and the console. */

export type Tone = 'primary' | 'success' | 'warning' | 'danger' | 'info';

const STATUS_TONE: Record<BookingStatus, Tone> = {
  pending: 'warning',
  confirmed: 'primary',
  checked_in: 'success',
  cancelled: 'info',
  rejected: 'danger',
  no_show: 'danger',
  expired: 'info',
};

export function statusTone(status: BookingStatus): Tone {
  return STATUS_TONE[status];
}

const WAITLIST_TONE: Record<WaitlistStatus, Tone> = { waiting: 'warning', promoted: 'success', left: 'info', expired: 'info' };

export function waitlistTone(status: WaitlistStatus): Tone {
  return WAITLIST_TONE[status];
}

/** Vant has no "info" tag type; its plain tag is the neutral one. */
export function vantTagType(tone: Tone): 'primary' | 'success' | 'warning' | 'danger' | 'default' {
  return tone === 'info' ? 'default' : tone;
}

const KIND_COLORS: Record<RoomKind, string> = {
  dance: '#ec4899',
  chess_cards: '#8b5cf6',
  table_tennis: '#f97316',
  singing: '#ef4444',
  reading: '#0ea5e9',
  meeting: '#64748b',
  childcare: '#f59e0b',
  day_care: '#10b981',
  calligraphy: '#78716c',
  fitness: '#22c55e',
  other: '#6b7280',
};

export function kindColor(kind: string): string {
  return KIND_COLORS[kind as RoomKind] ?? KIND_COLORS.other;
}

/** Short weekday name in the UI language (周二 / Tue), from the ISO weekday of a date. */
export function weekdayName(date: string, locale: string, width: 'narrow' | 'short' | 'long' = 'short'): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' }).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)));
}

/** Name of an ISO weekday (1 = Monday) without a date at hand: 2024-01-01 was a Monday. */
export function isoWeekdayName(weekday: number, locale: string, width: 'narrow' | 'short' | 'long' = 'short'): string {
  return weekdayName(`2024-01-0${weekday}`, locale, width);
}

/** "1.5 h" style durations in hours, without trailing zeros. */
export function hoursText(minutes: number): string {
  return String(Math.round((minutes / 60) * 100) / 100);
}

/** ISO weekdays as runs: [1,2,3,4,5,7] → "周一–周五、周日" (Mon–Fri, Sun). */
export function weekdaysText(weekdays: readonly number[], locale: string): string {
  const days = [...new Set(weekdays)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const d of days) {
    const last = runs.at(-1);
    if (last && d === last[1] + 1) last[1] = d;
    else runs.push([d, d]);
  }
  const sep = locale === 'en' ? ', ' : '、';
  return runs
    .map(([a, b]) => (a === b ? isoWeekdayName(a, locale) : `${isoWeekdayName(a, locale)}${b - a === 1 ? sep : '–'}${isoWeekdayName(b, locale)}`))
    .join(sep);
}
