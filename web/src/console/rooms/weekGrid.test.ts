import { describe, expect, it } from 'vitest';
import type { Booking, BookingStatus } from '@/shared/api/roomsApi';
import { instantAt } from '@/shared/rooms/time';
import { cellKey, closedSpans, groupBookings, hourMarks, layoutRow, weekAxis } from './weekGrid';

let nextId = 1;
function booking(roomId: number, date: string, from: string, to: string, status: BookingStatus = 'confirmed'): Booking {
  return {
    id: nextId++,
    roomId,
    roomName: `room ${roomId}`,
    serviceCenterId: 1,
    centerName: '保利社区党群服务中心',
    seriesId: null,
    team: null,
    bookedBy: { id: 9, displayName: '穆宏' },
    startsAt: instantAt(date, from),
    endsAt: instantAt(date, to),
    status,
    purpose: '',
    attendees: null,
    createdAt: `${date}T08:00:00+08:00`,
    decidedAt: null,
    decisionNote: null,
    checkedInAt: null,
    checkinMethod: null,
    cancelledAt: null,
    cancelReason: null,
    releasedAt: null,
    cancelDeadline: `${date}T${from}:00+08:00`,
    allowedActions: [],
  };
}

const range = { start: 8 * 60, end: 22 * 60 };

describe('week grid layout', () => {
  it('groups bookings by room and China-time day', () => {
    const a = booking(1, '2026-11-24', '19:00', '21:00');
    const b = booking(2, '2026-11-24', '09:00', '10:00');
    // 01:00 in Beijing is still the previous evening in UTC: it belongs to the 25th.
    const c = { ...booking(1, '2026-11-25', '01:00', '02:00'), startsAt: '2026-11-24T17:00:00Z', endsAt: '2026-11-24T18:00:00Z' };
    const groups = groupBookings([a, b, c]);
    expect(groups.get(cellKey(1, '2026-11-24'))).toEqual([a]);
    expect(groups.get(cellKey(2, '2026-11-24'))).toEqual([b]);
    expect(groups.get(cellKey(1, '2026-11-25'))).toEqual([c]);
  });

  it('places blocks by their time on the axis', () => {
    const [block] = layoutRow([booking(1, '2026-11-24', '19:00', '21:00')], '2026-11-24', range);
    expect(block).toMatchObject({ start: 1140, end: 1260, lane: 0, lanes: 1 });
    expect(block!.left).toBeCloseTo((660 / 840) * 100);
    expect(block!.width).toBeCloseTo((120 / 840) * 100);
  });

  it('gives overlapping blocks their own lanes and leaves separate ones full height', () => {
    const cancelled = booking(1, '2026-11-24', '19:00', '21:00', 'cancelled');
    const rebooked = booking(1, '2026-11-24', '19:30', '21:30');
    const third = booking(1, '2026-11-24', '20:00', '20:30', 'no_show');
    const later = booking(1, '2026-11-24', '21:30', '22:00');
    const morning = booking(1, '2026-11-24', '09:00', '10:00');
    const blocks = layoutRow([later, third, rebooked, cancelled, morning], '2026-11-24', range);
    const by = (b: Booking) => blocks.find((x) => x.booking.id === b.id)!;
    expect([by(morning).lane, by(morning).lanes]).toEqual([0, 1]);
    expect([by(cancelled).lane, by(rebooked).lane, by(third).lane]).toEqual([0, 1, 2]);
    expect(new Set([by(cancelled).lanes, by(rebooked).lanes, by(third).lanes])).toEqual(new Set([3]));
    // 21:30 starts exactly when the cluster's last block ends: a new cluster, full height again.
    expect([by(later).lane, by(later).lanes]).toEqual([0, 1]);
  });

  it('clips blocks outside the axis to nothing and keeps an end at midnight on its day', () => {
    const late = booking(1, '2026-11-24', '22:00', '24:00');
    const [block] = layoutRow([late], '2026-11-24', range);
    expect(block!.end).toBe(1440);
    expect(block!.width).toBe(0);
  });

  it('spans the axis over opening hours and bookings, on whole hours', () => {
    const days = [{ hours: [{ opens: '08:30', closes: '21:00' }] }, { hours: [{ opens: '09:00', closes: '22:00' }] }];
    expect(weekAxis(days, [])).toEqual({ start: 480, end: 1320 });
    expect(weekAxis(days, [booking(1, '2026-11-24', '07:15', '08:00')])).toEqual({ start: 420, end: 1320 });
    expect(weekAxis([], [])).toEqual({ start: 480, end: 1320 });
  });

  it('shades the closed time between and around opening hours', () => {
    expect(closedSpans([{ start: 840, end: 1320 }, { start: 510, end: 720 }], range)).toEqual([
      { start: 480, end: 510 },
      { start: 720, end: 840 },
    ]);
    expect(closedSpans([], range)).toEqual([range]);
    expect(hourMarks({ start: 480, end: 660 })).toEqual([480, 540, 600, 660]);
  });
});
