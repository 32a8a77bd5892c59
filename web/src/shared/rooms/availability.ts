import type { AvailabilityDay, BusySpan, TimeSpan } from '../api/roomsApi';
import { clockMinutes, MINUTES_PER_DAY } from './time';

/**
 * Turning the API's availability for one room and day (opening hours, held spans, bookable free spans) into
 * what the pages draw: a bar of segments and the list of free windows. Everything is in minutes after the
 * China-time midnight of the day.
 */

export interface MinuteSpan {
  start: number;
  end: number;
}

export type SegmentKind = 'free' | 'busy' | 'mine' | 'pending' | 'unavailable';

export interface Segment extends MinuteSpan {
  kind: SegmentKind;
  /** The team holding a busy span, when the server names it. */
  team: string | null;
}

/** Opening hours of the day as minute spans, in order. */
export function openSpans(hours: readonly TimeSpan[]): MinuteSpan[] {
  return hours
    .map((h) => ({ start: clockMinutes(h.opens), end: clockMinutes(h.closes) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
}

/** The bookable free windows of the day (the server has already cut the past and the notice period). */
export function freeWindows(day: Pick<AvailabilityDay, 'free'>): MinuteSpan[] {
  return day.free
    .map((f) => ({ start: clamp(clockMinutes(f.starts)), end: clamp(clockMinutes(f.ends)) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
}

function clamp(minute: number): number {
  return Math.min(MINUTES_PER_DAY, Math.max(0, minute));
}

function busyKind(span: BusySpan): SegmentKind {
  if (span.mine) return 'mine';
  return span.status === 'pending' ? 'pending' : 'busy';
}

/**
 * The open part of the day cut into segments: held (mine, someone else's, awaiting approval), free, and
 * "unavailable" for open time that is neither — already past or inside the room's notice period.
 * Closed time is simply absent, so the bar shows gaps where the room is shut.
 */
export function daySegments(day: AvailabilityDay): Segment[] {
  const open = openSpans(day.hours);
  const busy = day.busy
    .map((b) => ({ start: clamp(clockMinutes(b.starts)), end: clamp(clockMinutes(b.ends)), kind: busyKind(b), team: b.team }))
    .filter((b) => b.end > b.start)
    .sort((a, b) => a.start - b.start);
  const free = freeWindows(day);
  const segments: Segment[] = [];
  for (const span of open) {
    // Walk the open span minute boundaries: every change of state starts a new segment.
    const cuts = new Set<number>([span.start, span.end]);
    for (const s of [...busy, ...free]) {
      if (s.start > span.start && s.start < span.end) cuts.add(s.start);
      if (s.end > span.start && s.end < span.end) cuts.add(s.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i < points.length - 1; i++) {
      const start = points[i]!;
      const end = points[i + 1]!;
      const held = busy.find((b) => b.start <= start && b.end >= end);
      const isFree = free.some((f) => f.start <= start && f.end >= end);
      const kind: SegmentKind = held ? held.kind : isFree ? 'free' : 'unavailable';
      const last = segments.at(-1);
      if (last && last.end === start && last.kind === kind && last.team === (held?.team ?? null)) last.end = end;
      else segments.push({ start, end, kind, team: held?.team ?? null });
    }
  }
  return segments;
}

/** The span of the day a bar should cover: from the earliest opening to the latest closing, on whole hours. */
export function barRange(days: readonly Pick<AvailabilityDay, 'hours'>[], fallback: MinuteSpan = { start: 8 * 60, end: 22 * 60 }): MinuteSpan {
  const spans = days.flatMap((d) => openSpans(d.hours));
  if (spans.length === 0) return fallback;
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  return { start: Math.floor(start / 60) * 60, end: Math.min(MINUTES_PER_DAY, Math.ceil(end / 60) * 60) };
}

/** Left offset and width of a span inside a range, in percent, clipped to the range. */
export function placeInRange(span: MinuteSpan, range: MinuteSpan): { left: number; width: number } {
  const total = range.end - range.start;
  if (total <= 0) return { left: 0, width: 0 };
  const start = Math.max(span.start, range.start);
  const end = Math.min(span.end, range.end);
  if (end <= start) return { left: 0, width: 0 };
  return { left: ((start - range.start) / total) * 100, width: ((end - start) / total) * 100 };
}

/** Free minutes in a day's bookable windows. */
export function freeMinutes(day: Pick<AvailabilityDay, 'free'>): number {
  return freeWindows(day).reduce((sum, s) => sum + (s.end - s.start), 0);
}

/** Is the whole window inside one free span? */
export function fitsFree(windows: readonly MinuteSpan[], wanted: MinuteSpan): boolean {
  return wanted.end > wanted.start && windows.some((w) => w.start <= wanted.start && w.end >= wanted.end);
}

/** Does the window overlap anything held? (Then the waitlist, not a booking, is what can be offered.) */
export function overlapsBusy(day: AvailabilityDay, wanted: MinuteSpan): boolean {
  return day.busy.some((b) => clockMinutes(b.starts) < wanted.end && clockMinutes(b.ends) > wanted.start);
}

/**
 * Start times a booker may pick: on the room's slot grid, inside the given spans, leaving room for the
 * shortest booking before the span ends.
 */
export function startOptions(spans: readonly MinuteSpan[], slotMinutes: number, minDuration: number): number[] {
  const out: number[] = [];
  for (const span of spans) {
    const first = Math.ceil(span.start / slotMinutes) * slotMinutes;
    for (let t = first; t + minDuration <= span.end; t += slotMinutes) out.push(t);
  }
  return out;
}

/** End times for a chosen start: on the grid, between the shortest and longest booking, within the same span. */
export function endOptions(spans: readonly MinuteSpan[], start: number, slotMinutes: number, minDuration: number, maxDuration: number): number[] {
  const span = spans.find((s) => s.start <= start && s.end > start);
  if (!span) return [];
  const out: number[] = [];
  const first = Math.ceil((start + minDuration) / slotMinutes) * slotMinutes;
  for (let t = first; t <= span.end && t - start <= maxDuration; t += slotMinutes) out.push(t);
  return out;
}

/**
 * What tapping a free window books by default: from its first start on the slot grid, for the usual two hours
 * (or the room's longest booking if shorter), cut at the window's end. Null when not even the shortest
 * booking fits.
 */
export function suggestedBooking(window: MinuteSpan, rules: { slotMinutes: number; minBookingMinutes: number; maxBookingMinutes: number }): MinuteSpan | null {
  const start = Math.ceil(window.start / rules.slotMinutes) * rules.slotMinutes;
  const wanted = Math.min(rules.maxBookingMinutes, Math.max(rules.minBookingMinutes, 120));
  const end = Math.floor(Math.min(window.end, start + wanted) / rules.slotMinutes) * rules.slotMinutes;
  return end - start >= rules.minBookingMinutes ? { start, end } : null;
}
