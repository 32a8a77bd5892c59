import { describe, expect, it } from 'vitest';
import type { AvailabilityDay } from '../api/roomsApi';
import { barRange, daySegments, endOptions, fitsFree, freeMinutes, freeWindows, overlapsBusy, placeInRange, startOptions, suggestedBooking } from './availability';

/** Tuesday: open 08:30–12:00 and 14:00–22:00; the dance team holds 19:00–21:00, my pending request 09:00–10:00. */
const day: AvailabilityDay = {
  date: '2026-11-24',
  open: true,
  hours: [
    { opens: '14:00', closes: '22:00' },
    { opens: '08:30', closes: '12:00' },
  ],
  busy: [
    { starts: '19:00', ends: '21:00', status: 'confirmed', team: '心蕊舞蹈队', mine: false },
    { starts: '09:00', ends: '10:00', status: 'pending', team: null, mine: true },
  ],
  // The server has already cut the notice period: nothing before 10:00 is bookable.
  free: [
    { starts: '10:00', ends: '12:00' },
    { starts: '14:00', ends: '19:00' },
    { starts: '21:00', ends: '22:00' },
  ],
};

describe('availability of a room on a day', () => {
  it('lists the bookable free windows in order, in minutes of the day', () => {
    expect(freeWindows(day)).toEqual([
      { start: 600, end: 720 },
      { start: 840, end: 1140 },
      { start: 1260, end: 1320 },
    ]);
    expect(freeMinutes(day)).toBe(120 + 300 + 60);
  });

  it('cuts the open hours into held, free and no-longer-bookable segments, leaving closed time out', () => {
    expect(daySegments(day).map((s) => [s.start, s.end, s.kind, s.team])).toEqual([
      [510, 540, 'unavailable', null],
      [540, 600, 'mine', null],
      [600, 720, 'free', null],
      [840, 1140, 'free', null],
      [1140, 1260, 'busy', '心蕊舞蹈队'],
      [1260, 1320, 'free', null],
    ]);
  });

  it('shows a pending request of someone else as awaiting approval', () => {
    const other = { ...day, busy: [{ ...day.busy[1]!, mine: false }] };
    expect(daySegments(other).find((s) => s.start === 540)?.kind).toBe('pending');
  });

  it('sizes a bar to whole hours around the opening hours of all days shown', () => {
    expect(barRange([day, { hours: [{ opens: '07:45', closes: '20:00' }] }])).toEqual({ start: 420, end: 1320 });
    expect(barRange([])).toEqual({ start: 480, end: 1320 });
    expect(placeInRange({ start: 600, end: 720 }, { start: 480, end: 1320 })).toEqual({ left: (120 / 840) * 100, width: (120 / 840) * 100 });
    expect(placeInRange({ start: 0, end: 300 }, { start: 480, end: 1320 })).toEqual({ left: 0, width: 0 });
  });

  it('tells whether a wanted window is free or runs into a booking', () => {
    const free = freeWindows(day);
    expect(fitsFree(free, { start: 840, end: 960 })).toBe(true);
    expect(fitsFree(free, { start: 1080, end: 1200 })).toBe(false);
    expect(overlapsBusy(day, { start: 1080, end: 1200 })).toBe(true);
    expect(overlapsBusy(day, { start: 1260, end: 1320 })).toBe(false);
  });

  it('offers start and end times on the slot grid, within one span and the booking length limits', () => {
    const spans = [{ start: 510, end: 720 }];
    expect(startOptions(spans, 30, 60)).toEqual([510, 540, 570, 600, 630, 660]);
    expect(endOptions(spans, 600, 30, 60, 90)).toEqual([660, 690]);
    expect(endOptions(spans, 800, 30, 60, 90)).toEqual([]);
  });

  it('suggests two hours on the grid from a tapped free window, cut to the window', () => {
    const rules = { slotMinutes: 30, minBookingMinutes: 60, maxBookingMinutes: 240 };
    expect(suggestedBooking({ start: 1007, end: 1320 }, rules)).toEqual({ start: 1020, end: 1140 });
    expect(suggestedBooking({ start: 1260, end: 1320 }, rules)).toEqual({ start: 1260, end: 1320 });
    expect(suggestedBooking({ start: 1270, end: 1320 }, rules)).toBeNull();
    expect(suggestedBooking({ start: 600, end: 1320 }, { ...rules, maxBookingMinutes: 90 })).toEqual({ start: 600, end: 690 });
  });
});
