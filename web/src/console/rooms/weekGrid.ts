import type { Booking, ResolvedDay } from '@/shared/api/roomsApi';
import { openSpans, placeInRange, type MinuteSpan } from '@/shared/rooms/availability';
import { dateOfInstant, minuteOfDate, MINUTES_PER_DAY } from '@/shared/rooms/time';

/**
 * Layout of the staff calendar: a week as day sections, each a grid of rooms (rows) × time of day (columns).
 * Bookings become blocks placed by their minutes; bookings that overlap in one row (a cancelled one under the
 * booking that replaced it) share the row height in lanes, so none hides another.
 */

export interface GridBlock {
  booking: Booking;
  start: number;
  end: number;
  /** Percent of the row's width. */
  left: number;
  width: number;
  /** 0-based lane within its group of overlapping blocks, and how many lanes that group has. */
  lane: number;
  lanes: number;
}

export function cellKey(roomId: number, date: string): string {
  return `${roomId}|${date}`;
}

/** Bookings by room and China-time date of their start. */
export function groupBookings(bookings: readonly Booking[]): Map<string, Booking[]> {
  const out = new Map<string, Booking[]>();
  for (const b of bookings) {
    const key = cellKey(b.roomId, dateOfInstant(b.startsAt));
    const list = out.get(key);
    if (list) list.push(b);
    else out.set(key, [b]);
  }
  return out;
}

/**
 * Blocks of one room on one day. Overlapping blocks form a cluster; within it each block takes the first lane
 * free at its start (greedy interval colouring), and the whole cluster shares its lane count.
 */
export function layoutRow(bookings: readonly Booking[], date: string, range: MinuteSpan): GridBlock[] {
  const items = bookings
    .map((booking) => ({ booking, start: minuteOfDate(booking.startsAt, date), end: Math.min(MINUTES_PER_DAY, minuteOfDate(booking.endsAt, date)) }))
    .filter((i) => i.end > i.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const blocks: GridBlock[] = [];
  let cluster: GridBlock[] = [];
  let clusterEnd = -1;
  let laneEnds: number[] = [];
  const closeCluster = () => {
    for (const block of cluster) block.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const item of items) {
    if (item.start >= clusterEnd) closeCluster();
    let lane = laneEnds.findIndex((end) => end <= item.start);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(item.end);
    } else laneEnds[lane] = item.end;
    const block: GridBlock = { ...item, ...placeInRange(item, range), lane, lanes: 1 };
    cluster.push(block);
    blocks.push(block);
    clusterEnd = Math.max(clusterEnd, item.end);
  }
  closeCluster();
  return blocks;
}

/** The time axis for a week: earliest opening to latest closing of any room, widened to cover every booking. */
export function weekAxis(days: readonly Pick<ResolvedDay, 'hours'>[], bookings: readonly Booking[]): MinuteSpan {
  const spans = days.flatMap((d) => openSpans(d.hours));
  for (const b of bookings) {
    const date = dateOfInstant(b.startsAt);
    spans.push({ start: minuteOfDate(b.startsAt, date), end: Math.min(MINUTES_PER_DAY, minuteOfDate(b.endsAt, date)) });
  }
  if (spans.length === 0) return { start: 8 * 60, end: 22 * 60 };
  const start = Math.floor(Math.min(...spans.map((s) => s.start)) / 60) * 60;
  const end = Math.min(MINUTES_PER_DAY, Math.ceil(Math.max(...spans.map((s) => s.end)) / 60) * 60);
  return { start, end };
}

/** Closed stretches inside the axis (the complement of the open spans), to shade them. */
export function closedSpans(open: readonly MinuteSpan[], range: MinuteSpan): MinuteSpan[] {
  const out: MinuteSpan[] = [];
  let cursor = range.start;
  for (const span of [...open].sort((a, b) => a.start - b.start)) {
    if (span.start > cursor) out.push({ start: cursor, end: Math.min(span.start, range.end) });
    cursor = Math.max(cursor, span.end);
  }
  if (cursor < range.end) out.push({ start: cursor, end: range.end });
  return out.filter((s) => s.end > s.start);
}

/** Whole hours on the axis, for gridlines and labels. */
export function hourMarks(range: MinuteSpan): number[] {
  const marks: number[] = [];
  for (let m = Math.ceil(range.start / 60) * 60; m <= range.end; m += 60) marks.push(m);
  return marks;
}
