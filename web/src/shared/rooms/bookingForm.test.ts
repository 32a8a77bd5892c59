import { describe, expect, it } from 'vitest';
import type { RoomRules } from '../api/roomsApi';
import { bookingRequest, newBookingForm, seriesDates, seriesRequest, validateBookingForm, type BookingForm } from './bookingForm';

const rules: RoomRules = {
  slotMinutes: 30,
  minBookingMinutes: 60,
  maxBookingMinutes: 180,
  minNoticeMinutes: 30,
  maxAdvanceDays: 60,
  cancelNoticeMinutes: 120,
  noShowReleaseMinutes: 15,
  checkinOpensMinutes: 15,
};

const form = (over: Partial<BookingForm> = {}): BookingForm => ({
  mode: 'once',
  date: '2026-11-24',
  startTime: '19:00',
  endTime: '21:00',
  weekdays: [2],
  until: '2026-12-22',
  teamId: null,
  purpose: '',
  attendees: null,
  ...over,
});

const keys = (f: BookingForm, capacity: number | null = null) => validateBookingForm(f, rules, '2026-11-23', capacity).map((p) => p.key);

describe('booking form', () => {
  it('accepts a booking within the rules', () => {
    expect(keys(form())).toEqual([]);
    expect(keys(form({ mode: 'weekly', weekdays: [2, 4] }))).toEqual([]);
  });

  it('asks for times and refuses an end before the start', () => {
    expect(keys(form({ startTime: '' }))).toEqual(['rooms.form.errors.timeRequired']);
    expect(keys(form({ endTime: '18:00' }))).toEqual(['rooms.form.errors.endBeforeStart']);
  });

  it('holds lengths to the slot grid and the shortest and longest booking', () => {
    expect(keys(form({ endTime: '19:45' }))).toEqual(['rooms.form.errors.offGrid', 'rooms.form.errors.tooShort']);
    expect(keys(form({ startTime: '14:00', endTime: '18:00' }))).toEqual(['rooms.form.errors.tooLong']);
  });

  it('refuses past dates and dates beyond the booking horizon, naming the last date', () => {
    expect(keys(form({ date: '2026-11-22' }))).toEqual(['rooms.form.errors.inThePast']);
    const far = validateBookingForm(form({ date: '2027-01-23' }), rules, '2026-11-23');
    expect(far).toEqual([{ key: 'rooms.form.errors.tooFar', params: { days: 60, date: '2027-01-22' } }]);
  });

  it('needs weekdays and a last date that gives at least one date for a weekly booking', () => {
    expect(keys(form({ mode: 'weekly', weekdays: [] }))).toEqual(['rooms.form.errors.weekdaysRequired']);
    expect(keys(form({ mode: 'weekly', until: '2026-11-20' }))).toEqual(['rooms.form.errors.untilBeforeStart']);
    expect(keys(form({ mode: 'weekly', weekdays: [5], until: '2026-11-26' }))).toEqual(['rooms.form.errors.noDates']);
  });

  it('checks attendees against the room', () => {
    expect(keys(form({ attendees: 0 }))).toEqual(['rooms.form.errors.attendeesInvalid']);
    expect(keys(form({ attendees: 40 }), 30)).toEqual(['rooms.form.errors.overCapacity']);
  });

  it('lists the dates of a series and builds the requests the API takes', () => {
    const weekly = form({ mode: 'weekly', weekdays: [4, 2], until: '2026-12-03', teamId: 7, purpose: ' 排练 ' });
    expect(seriesDates(weekly)).toEqual(['2026-11-24', '2026-11-26', '2026-12-01', '2026-12-03']);
    expect(seriesRequest(3, weekly, { dryRun: true, skipConflicts: false })).toEqual({
      roomId: 3,
      teamId: 7,
      weekdays: [2, 4],
      startTime: '19:00',
      endTime: '21:00',
      firstDate: '2026-11-24',
      lastDate: '2026-12-03',
      purpose: '排练',
      attendees: null,
      dryRun: true,
      skipConflicts: false,
    });
    expect(bookingRequest(3, form())).toEqual({
      roomId: 3,
      startsAt: '2026-11-24T19:00:00+08:00',
      endsAt: '2026-11-24T21:00:00+08:00',
      teamId: null,
      purpose: undefined,
      attendees: null,
    });
  });
});

describe('a new booking form', () => {
  it('counts the booker: one attendee, never zero', () => {
    const fresh = newBookingForm('2026-03-02', 1);
    expect(fresh.attendees).toBe(1);
    expect(fresh).toMatchObject({ mode: 'once', date: '2026-03-02', weekdays: [1], until: '2026-03-29' });
  });
});
