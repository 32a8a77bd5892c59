/** The platform works on Beijing time whatever the browser's zone, so times match what offices file. */
export const TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hourCycle: 'h23', ...options });
    formatters.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** Calendar parts of an instant in Beijing time. */
export function shanghaiParts(date: Date): { year: number; month: number; day: number; hour: number } {
  const parts = formatter('en', { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric' }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') };
}

/** YYYY-MM-DD for a calendar date (month is 1-based). */
export function ymd(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Today's date in Beijing, YYYY-MM-DD. */
export function todayInShanghai(now: Date = new Date()): string {
  const p = shanghaiParts(now);
  return ymd(p.year, p.month, p.day);
}

export type DayPart = 'morning' | 'noon' | 'afternoon' | 'evening';

export function dayPart(now: Date = new Date()): DayPart {
  const hour = shanghaiParts(now).hour;
  if (hour >= 5 && hour < 11) return 'morning';
  if (hour >= 11 && hour < 13) return 'noon';
  if (hour >= 13 && hour < 18) return 'afternoon';
  return 'evening';
}

/** "a / b / c" for a list of names from the root down. */
export function joinPath(names: readonly string[]): string {
  return names.join(' / ');
}
