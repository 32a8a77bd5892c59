import type { Booking } from '../api/roomsApi';
import { weekdaysText } from './labels';
import { dateOfInstant, isoWeekday, spanLabel } from './time';

/** A row of my bookings: one booking, or the dates of one weekly series shown together. */
export type BookingRow = { kind: 'single'; key: string; booking: Booking } | { kind: 'series'; key: string; seriesId: number; bookings: Booking[] };

/**
 * One row per weekly series (where its first listed date would be) instead of one row per week: eight Tuesdays
 * of the dance team read as one booking, not eight. A series with a single date left in the list is a plain row.
 */
export function groupBookings(list: readonly Booking[]): BookingRow[] {
  const bySeries = new Map<number, Booking[]>();
  for (const b of list) if (b.seriesId !== null) bySeries.set(b.seriesId, [...(bySeries.get(b.seriesId) ?? []), b]);
  const rows: BookingRow[] = [];
  const placed = new Set<number>();
  for (const b of list) {
    const dates = b.seriesId === null ? undefined : bySeries.get(b.seriesId);
    if (!dates || dates.length < 2) {
      rows.push({ kind: 'single', key: `b${b.id}`, booking: b });
    } else if (!placed.has(b.seriesId!)) {
      placed.add(b.seriesId!);
      rows.push({ kind: 'series', key: `s${b.seriesId}`, seriesId: b.seriesId!, bookings: dates });
    }
  }
  return rows;
}

/** What a series row says: its weekdays and time ("周二 14:00–16:00"), and how many dates it holds. */
export function seriesSummary(bookings: readonly Booking[], locale: string): { weekdays: string; span: string; count: number } {
  const first = bookings[0]!;
  const weekdays = weekdaysText(
    bookings.map((b) => isoWeekday(dateOfInstant(b.startsAt))),
    locale,
  );
  return { weekdays, span: spanLabel(first.startsAt, first.endsAt), count: bookings.length };
}
