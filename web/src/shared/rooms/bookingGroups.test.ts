import { describe, expect, it } from 'vitest';
import type { Booking } from '../api/roomsApi';
import { groupBookings, seriesSummary } from './bookingGroups';

const b = (id: number, seriesId: number | null, startsAt: string, endsAt: string) => ({ id, seriesId, startsAt, endsAt }) as unknown as Booking;

describe('my bookings, a weekly series as one row', () => {
  const tuesdays = [1, 2, 3].map((i) => b(10 + i, 5, `2026-03-${String(3 + 7 * (i - 1)).padStart(2, '0')}T14:00:00+08:00`, `2026-03-${String(3 + 7 * (i - 1)).padStart(2, '0')}T16:00:00+08:00`));
  const single = b(1, null, '2026-03-04T10:00:00+08:00', '2026-03-04T11:00:00+08:00');

  it('groups the dates of a series where its first date is', () => {
    const rows = groupBookings([tuesdays[0]!, single, tuesdays[1]!, tuesdays[2]!]);
    expect(rows.map((r) => r.key)).toEqual(['s5', 'b1']);
    expect(rows[0]!.kind === 'series' && rows[0]!.bookings.map((x) => x.id)).toEqual([11, 12, 13]);
  });

  it('shows a series with one date left as a plain booking', () => {
    expect(groupBookings([tuesdays[2]!]).map((r) => r.kind)).toEqual(['single']);
  });

  it('says the weekday, the time and how many dates', () => {
    expect(seriesSummary(tuesdays, 'zh-CN')).toEqual({ weekdays: '周二', span: '14:00–16:00', count: 3 });
  });
});
