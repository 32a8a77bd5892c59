import { errors, type AppError } from '../../platform/errors.js';
import { mergeIntervals, subtractIntervals } from './hours.js';
import { iso, spanText } from './time.js';

/** Free time of a room: its open hours minus what bookings hold, and the windows nearest to a wish. */

/** [start, end) in epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

/** Open spans minus busy ones, from `notBefore` on (the past and the notice period cannot be booked). */
export function freeSpans(open: Span[], busy: Span[], notBefore = -Infinity): Span[] {
  const free = subtractIntervals(open, busy);
  return mergeIntervals(free.map((s) => ({ start: Math.max(s.start, notBefore), end: s.end })));
}

/**
 * Up to `limit` windows of `duration` inside the free spans, nearest to `wanted` first. Inside a span the
 * windows step outward from the nearest one by the duration, so they do not overlap; starts stay on the slot
 * grid (slot lengths divide China's +8 h offset, so the epoch grid is the local one).
 */
export function nearestWindows(free: Span[], duration: number, wanted: number, slotMs: number, limit = 3): Span[] {
  const candidates: Span[] = [];
  for (const s of free) {
    const first = Math.ceil(s.start / slotMs) * slotMs;
    const last = Math.floor((s.end - duration) / slotMs) * slotMs;
    if (last < first) continue;
    const nearest = Math.min(last, Math.max(first, Math.round(wanted / slotMs) * slotMs));
    for (let k = 0; k < limit; k++) {
      for (const start of k === 0 ? [nearest] : [nearest - k * duration, nearest + k * duration]) {
        if (start >= first && start <= last) candidates.push({ start, end: start + duration });
      }
    }
  }
  return candidates.sort((a, b) => Math.abs(a.start - wanted) - Math.abs(b.start - wanted) || a.start - b.start).slice(0, limit);
}

export function presentSpans(spans: Span[]) {
  return spans.map((s) => ({ startsAt: iso(new Date(s.start)), endsAt: iso(new Date(s.end)) }));
}

/**
 * The 409 for a slot someone else holds: says when the room is free instead that day — the nearest windows of
 * the same length if there are any, else the shorter free stretches, else that the day is full.
 */
export function slotTakenError(date: string, free: Span[], suggestions: Span[]): AppError {
  const text = (spans: Span[], sep: string) => spans.map((s) => spanText(s.start, s.end)).join(sep);
  let zh: string;
  let en: string;
  if (suggestions.length > 0) {
    zh = `该时段已被预约。${date} 同样时长可预约：${text(suggestions, '、')}`;
    en = `That time is already booked. On ${date} the room is free for as long at ${text(suggestions, ', ')}`;
  } else if (free.length > 0) {
    zh = `该时段已被预约。${date} 仅剩较短的空闲时段：${text(free, '、')}`;
    en = `That time is already booked. On ${date} the room is only free for shorter stretches: ${text(free, ', ')}`;
  } else {
    zh = `该时段已被预约，${date} 已无空闲时段，可加入候补`;
    en = `That time is already booked and the room has no free time left on ${date}; you can join the waitlist`;
  }
  return errors.conflict('slot_taken', zh, en, { date, freeWindows: presentSpans(free), suggestions: presentSpans(suggestions) });
}
