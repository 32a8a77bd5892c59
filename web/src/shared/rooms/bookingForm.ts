import type { CreateBookingInput, CreateSeriesInput, RoomRules } from '../api/roomsApi';
import { addDays, clockMinutes, daysBetween, instantAt, isoWeekday } from './time';

/**
 * The booking form's own checks, run before asking the server, so a resident sees at once what to fix. The
 * server applies the same rules (and the ones only it can know: opening hours, conflicts, quotas).
 * Each problem is a message key under rooms.form.errors with its parameters.
 */

export type BookingMode = 'once' | 'weekly';

export interface BookingForm {
  mode: BookingMode;
  /** The date of a one-off booking, and the first date of a weekly one. */
  date: string;
  startTime: string;
  endTime: string;
  /** Weekly only: ISO weekdays, and the last date included. */
  weekdays: number[];
  until: string;
  teamId: number | null;
  purpose: string;
  attendees: number | null;
}

/** A fresh form for a date: one occurrence, one attendee (the booker), weekly runs default to four weeks. */
export function newBookingForm(date: string, weekday: number, start = '', end = ''): BookingForm {
  return {
    mode: 'once',
    date,
    startTime: start,
    endTime: end,
    weekdays: [weekday],
    until: addDays(date, 27),
    teamId: null,
    purpose: '',
    attendees: 1,
  };
}

export interface FormProblem {
  key: string;
  params?: Record<string, string | number>;
}

/** Bookings a weekly series may hold at most (the server's MAX_OCCURRENCES). */
export const MAX_SERIES_DATES = 120;

export function seriesDates(form: Pick<BookingForm, 'date' | 'until' | 'weekdays'>): string[] {
  const span = daysBetween(form.date, form.until);
  if (span < 0) return [];
  const out: string[] = [];
  for (let i = 0; i <= span; i++) {
    const date = addDays(form.date, i);
    if (form.weekdays.includes(isoWeekday(date))) out.push(date);
  }
  return out;
}

export function validateBookingForm(form: BookingForm, rules: RoomRules, today: string, capacity: number | null = null): FormProblem[] {
  const problems: FormProblem[] = [];
  if (!form.date) problems.push({ key: 'rooms.form.errors.dateRequired' });
  if (!form.startTime || !form.endTime) {
    problems.push({ key: 'rooms.form.errors.timeRequired' });
    return problems;
  }
  const start = clockMinutes(form.startTime);
  const end = clockMinutes(form.endTime);
  const length = end - start;
  if (length <= 0) problems.push({ key: 'rooms.form.errors.endBeforeStart' });
  else {
    if (start % rules.slotMinutes !== 0 || end % rules.slotMinutes !== 0) {
      problems.push({ key: 'rooms.form.errors.offGrid', params: { minutes: rules.slotMinutes } });
    }
    if (length < rules.minBookingMinutes) problems.push({ key: 'rooms.form.errors.tooShort', params: { minutes: rules.minBookingMinutes } });
    if (length > rules.maxBookingMinutes) problems.push({ key: 'rooms.form.errors.tooLong', params: { minutes: rules.maxBookingMinutes } });
  }
  const lastBookable = addDays(today, rules.maxAdvanceDays);
  if (form.date && daysBetween(today, form.date) < 0) problems.push({ key: 'rooms.form.errors.inThePast' });
  if (form.date && daysBetween(form.date, lastBookable) < 0) {
    problems.push({ key: 'rooms.form.errors.tooFar', params: { days: rules.maxAdvanceDays, date: lastBookable } });
  }
  if (form.mode === 'weekly') {
    if (form.weekdays.length === 0) problems.push({ key: 'rooms.form.errors.weekdaysRequired' });
    if (!form.until || daysBetween(form.date, form.until) < 0) problems.push({ key: 'rooms.form.errors.untilBeforeStart' });
    else if (form.weekdays.length > 0) {
      const count = seriesDates(form).length;
      if (count === 0) problems.push({ key: 'rooms.form.errors.noDates' });
      if (count > MAX_SERIES_DATES) problems.push({ key: 'rooms.form.errors.tooManyDates', params: { max: MAX_SERIES_DATES } });
    }
  }
  if (form.attendees !== null) {
    if (!Number.isInteger(form.attendees) || form.attendees < 1) problems.push({ key: 'rooms.form.errors.attendeesInvalid' });
    else if (capacity !== null && form.attendees > capacity) problems.push({ key: 'rooms.form.errors.overCapacity', params: { capacity } });
  }
  if (form.purpose.length > 200) problems.push({ key: 'rooms.form.errors.purposeTooLong' });
  return problems;
}

/** The one-off booking request the form describes. */
export function bookingRequest(roomId: number, form: BookingForm): CreateBookingInput {
  return {
    roomId,
    startsAt: instantAt(form.date, form.startTime),
    endsAt: instantAt(form.date, form.endTime),
    teamId: form.teamId,
    purpose: form.purpose.trim() || undefined,
    attendees: form.attendees,
  };
}

/** The weekly series request: only dates from the first date on, on the chosen weekdays. */
export function seriesRequest(roomId: number, form: BookingForm, opts: { dryRun: boolean; skipConflicts: boolean }): CreateSeriesInput {
  return {
    roomId,
    teamId: form.teamId,
    weekdays: [...form.weekdays].sort((a, b) => a - b),
    startTime: form.startTime,
    endTime: form.endTime,
    firstDate: form.date,
    lastDate: form.until,
    purpose: form.purpose.trim() || undefined,
    attendees: form.attendees,
    dryRun: opts.dryRun,
    skipConflicts: opts.skipConflicts,
  };
}
