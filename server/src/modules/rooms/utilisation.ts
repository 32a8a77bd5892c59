import { civilFromDays, dayOfInstant, dayStartMs, formatDay, parseDay } from '../../platform/calendarDays.js';
import { isoWeekday } from './hours.js';
import { MINUTE_MS, weekStartDay } from './time.js';

/**
 * Utilisation 使用率, pure arithmetic. Definitions (docs/adr/0008-room-bookings.md):
 * - open hours: the hours a room is open by its resolved opening hours (holidays and exceptions included);
 * - booked hours: time held by confirmed and checked-in bookings, and by no-shows until they were released;
 * - used hours: time of checked-in bookings;
 * - booked ratio = booked / open, used ratio = used / open (null when the room was never open).
 * A booking counts in the week or month of its date (bookings never cross midnight).
 */

export type Period = 'week' | 'month';

export interface UseBooking {
  roomId: number;
  teamId: number | null;
  teamName: string | null;
  startsAt: Date;
  endsAt: Date;
  status: string;
  releasedAt: Date | null;
}

export interface RoomOpen {
  roomId: number;
  name: string;
  /** Open minutes per date. */
  openMinutes: Map<string, number>;
}

interface Tally {
  open: number;
  booked: number;
  used: number;
}

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

function present(t: Tally) {
  return { openHours: hours(t.open), bookedHours: hours(t.booked), usedHours: hours(t.used), bookedRatio: ratio(t.booked, t.open), usedRatio: ratio(t.used, t.open) };
}

/** Buckets covering [from, to]: calendar weeks (Monday first) or months, clipped to the range. */
export function bucketsOf(from: string, to: string, period: Period): { key: string; from: string; to: string }[] {
  const first = parseDay(from);
  const last = parseDay(to);
  const out: { key: string; from: string; to: string }[] = [];
  let d = first;
  while (d <= last) {
    let start: number;
    let end: number;
    let key: string;
    if (period === 'week') {
      start = weekStartDay(d);
      end = start + 6;
      key = formatDay(start);
    } else {
      const { year, month } = civilFromDays(d);
      start = parseDay(`${year}-${String(month).padStart(2, '0')}-01`);
      const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
      end = parseDay(next) - 1;
      key = `${year}-${String(month).padStart(2, '0')}`;
    }
    out.push({ key, from: formatDay(Math.max(start, first)), to: formatDay(Math.min(end, last)) });
    d = end + 1;
  }
  return out;
}

/** Minutes a booking held and was used. */
export function bookedAndUsed(b: UseBooking): { booked: number; used: number } {
  const start = b.startsAt.getTime();
  const full = (b.endsAt.getTime() - start) / MINUTE_MS;
  if (b.status === 'checked_in') return { booked: full, used: full };
  if (b.status === 'no_show') {
    const until = Math.min(b.endsAt.getTime(), (b.releasedAt ?? b.endsAt).getTime());
    return { booked: Math.max(0, (until - start) / MINUTE_MS), used: 0 };
  }
  return { booked: full, used: 0 };
}

export function computeUtilisation(input: { from: string; to: string; period: Period; rooms: RoomOpen[]; bookings: UseBooking[] }) {
  const buckets = bucketsOf(input.from, input.to, input.period);
  const bucketOf = (date: string) => buckets.find((b) => b.from <= date && date <= b.to);
  const byBucket = new Map(buckets.map((b) => [b.key, { open: 0, booked: 0, used: 0 } as Tally]));
  const byRoom = new Map(input.rooms.map((r) => [r.roomId, { open: 0, booked: 0, used: 0 } as Tally]));
  const total: Tally = { open: 0, booked: 0, used: 0 };
  for (const r of input.rooms) {
    for (const [date, minutes] of r.openMinutes) {
      const bucket = bucketOf(date);
      if (!bucket) continue;
      byBucket.get(bucket.key)!.open += minutes;
      byRoom.get(r.roomId)!.open += minutes;
      total.open += minutes;
    }
  }
  const heat = new Map<string, number>();
  const teams = new Map<number, { teamId: number; name: string; booked: number; used: number; noShows: number; bookings: number }>();
  for (const b of input.bookings) {
    const date = formatDay(dayOfInstant(b.startsAt.getTime()));
    const bucket = bucketOf(date);
    const room = byRoom.get(b.roomId);
    if (!bucket || !room) continue;
    const { booked, used } = bookedAndUsed(b);
    for (const t of [byBucket.get(bucket.key)!, room, total]) {
      t.booked += booked;
      t.used += used;
    }
    spreadOverHours(heat, b.startsAt.getTime(), b.startsAt.getTime() + booked * MINUTE_MS);
    if (b.teamId !== null) {
      const team = teams.get(b.teamId) ?? { teamId: b.teamId, name: b.teamName ?? '', booked: 0, used: 0, noShows: 0, bookings: 0 };
      team.booked += booked;
      team.used += used;
      team.bookings += 1;
      if (b.status === 'no_show') team.noShows += 1;
      teams.set(b.teamId, team);
    }
  }
  const cells = [...heat.entries()]
    .map(([key, minutes]) => {
      const [weekday, hour] = key.split(':').map(Number) as [number, number];
      return { weekday, hour, bookedHours: hours(minutes) };
    })
    .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
  return {
    from: input.from,
    to: input.to,
    period: input.period,
    totals: present(total),
    buckets: buckets.map((b) => ({ key: b.key, from: b.from, to: b.to, ...present(byBucket.get(b.key)!) })),
    rooms: input.rooms.map((r) => ({ roomId: r.roomId, name: r.name, ...present(byRoom.get(r.roomId)!) })),
    heatmap: cells,
    busiestHours: [...cells].sort((a, b) => b.bookedHours - a.bookedHours || a.weekday - b.weekday || a.hour - b.hour).slice(0, 10),
    teams: [...teams.values()]
      .map((t) => ({ teamId: t.teamId, name: t.name, bookedHours: hours(t.booked), usedHours: hours(t.used), noShows: t.noShows, bookings: t.bookings }))
      .sort((a, b) => b.bookedHours - a.bookedHours || a.teamId - b.teamId),
  };
}

/** Add the minutes of [start, end) to weekday × hour-of-day cells ("weekday:hour"). */
function spreadOverHours(heat: Map<string, number>, start: number, end: number): void {
  const day = dayOfInstant(start);
  const base = dayStartMs(day);
  const weekday = isoWeekday(day);
  for (let t = start; t < end; ) {
    const hour = Math.floor((t - base) / 3_600_000);
    const cellEnd = Math.min(end, base + (hour + 1) * 3_600_000);
    const key = `${weekday}:${hour}`;
    heat.set(key, (heat.get(key) ?? 0) + (cellEnd - t) / MINUTE_MS);
    t = cellEnd;
  }
}
