/**
 * Deadlines as people read them: how long is left, or how long overdue. The server decides whether a request is
 * overdue (its `overdue` flags, on the working calendar); these helpers only put the instants into words.
 */
export type DeadlineState = 'done' | 'overdue' | 'due_soon' | 'on_track';

/** Less than this left counts as "due soon": the handler should act today. */
export const DUE_SOON_MS = 4 * 60 * 60 * 1000;

export interface DeadlineInfo {
  state: DeadlineState;
  /** Time left (on_track, due_soon) or past the deadline (overdue), in ms; for done, how early (+) or late (−). */
  ms: number;
}

export function deadlineInfo(dueAt: string, now: Date, finishedAt?: string | null, soonMs = DUE_SOON_MS): DeadlineInfo {
  const due = new Date(dueAt).getTime();
  if (finishedAt) return { state: 'done', ms: due - new Date(finishedAt).getTime() };
  const left = due - now.getTime();
  if (left < 0) return { state: 'overdue', ms: -left };
  return { state: left <= soonMs ? 'due_soon' : 'on_track', ms: left };
}

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
}

/** Whole days, hours and minutes of a span (calendar time; a minute at least, so "0 minutes" never shows). */
export function durationParts(ms: number): DurationParts {
  const totalMinutes = Math.max(1, Math.floor(Math.abs(ms) / 60_000));
  return {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
  };
}

type Translate = (key: string, values: Record<string, unknown>) => string;

/** "2天3小时" / "2 d 3 h": the two largest units, which is all anyone reads on a badge. */
export function formatDuration(ms: number, t: Translate): string {
  const { days, hours, minutes } = durationParts(ms);
  if (days > 0) return hours > 0 ? t('requests.duration.daysHours', { d: days, h: hours }) : t('requests.duration.days', { d: days });
  if (hours > 0) return minutes > 0 ? t('requests.duration.hoursMinutes', { h: hours, m: minutes }) : t('requests.duration.hours', { h: hours });
  return t('requests.duration.minutes', { m: minutes });
}

/** One line for a deadline badge: "剩 2天3小时", "已超期 5小时", or nothing once the work is done. */
export function deadlineText(info: DeadlineInfo, t: Translate): string {
  if (info.state === 'done') return '';
  const span = formatDuration(info.ms, t);
  return info.state === 'overdue' ? t('requests.deadline.overdueBy', { span }) : t('requests.deadline.left', { span });
}
