import { dayOfInstant, dayStartMs, formatDay } from '../../platform/calendarDays.js';
import { errors, type AppError } from '../../platform/errors.js';
import { roomErrors } from './errors.js';
import { formatClock, type ResolvedDay } from './hours.js';
import type { RoomRow } from './rooms.repo.js';
import { DAY_MS, iso, MINUTE_MS } from './time.js';

/**
 * The room's booking rules for one window, in the order a person would want to hear about them: the shape of
 * the window, how far ahead, the notice, then the opening hours. Each returns the refusal (400) or null, so
 * a single booking throws it and a weekly series reports it against the date.
 */

export type BookingRules = Pick<
  RoomRow,
  'slotMinutes' | 'minBookingMinutes' | 'maxBookingMinutes' | 'minNoticeMinutes' | 'maxAdvanceDays'
>;

export function shapeProblem(rules: BookingRules, start: Date, end: Date): AppError | null {
  const s = start.getTime();
  const e = end.getTime();
  if (e <= s) return roomErrors.windowInvalid('结束时间须晚于开始时间', 'The end must be after the start');
  const dayStart = dayStartMs(dayOfInstant(s));
  if (e > dayStart + DAY_MS) {
    return roomErrors.windowInvalid('预约不能跨越午夜，请分两次预约', 'A booking cannot run past midnight; book each day separately');
  }
  const slot = rules.slotMinutes * MINUTE_MS;
  if (s % slot !== 0 || e % slot !== 0) {
    return roomErrors.windowInvalid(
      `开始和结束时间须落在每 ${rules.slotMinutes} 分钟的整点上（如 19:00）`,
      `Start and end must fall on the room’s ${rules.slotMinutes}-minute grid`,
      { slotMinutes: rules.slotMinutes },
    );
  }
  const minutes = (e - s) / MINUTE_MS;
  if (minutes < rules.minBookingMinutes || minutes > rules.maxBookingMinutes) {
    return roomErrors.windowInvalid(
      `每次预约时长须在 ${rules.minBookingMinutes}–${rules.maxBookingMinutes} 分钟之间`,
      `A booking must last from ${rules.minBookingMinutes} to ${rules.maxBookingMinutes} minutes`,
      { minBookingMinutes: rules.minBookingMinutes, maxBookingMinutes: rules.maxBookingMinutes, minutes },
    );
  }
  return null;
}

export function timingProblem(rules: BookingRules, start: Date, now: Date): AppError | null {
  const lastDay = dayOfInstant(now.getTime()) + rules.maxAdvanceDays;
  if (dayOfInstant(start.getTime()) > lastDay) return roomErrors.tooFar(formatDay(lastDay), rules.maxAdvanceDays);
  const earliest = now.getTime() + rules.minNoticeMinutes * MINUTE_MS;
  if (start.getTime() < earliest) return roomErrors.tooSoon(iso(new Date(earliest)));
  return null;
}

export function hoursProblem(day: ResolvedDay, start: Date, end: Date): AppError | null {
  const base = dayStartMs(dayOfInstant(start.getTime()));
  const from = (start.getTime() - base) / MINUTE_MS;
  const to = (end.getTime() - base) / MINUTE_MS;
  if (day.intervals.some((i) => i.start <= from && to <= i.end)) return null;
  const hours = day.intervals.map((i) => `${formatClock(i.start)}–${formatClock(i.end)}`);
  const why = day.holiday.holiday && hours.length === 0 ? `（${day.holiday.name ?? '节假日'}）` : '';
  return roomErrors.closed(
    day.date,
    hours.length ? hours.join('、') : `全天不开放${why}`,
    hours.length ? hours.join(', ') : 'closed all day',
    day.intervals.map((i) => ({ opens: formatClock(i.start), closes: formatClock(i.end) })),
  );
}

/** Everything but the database's say: shape, timing, hours. */
export function windowProblem(rules: BookingRules, day: ResolvedDay, start: Date, end: Date, now: Date): AppError | null {
  return shapeProblem(rules, start, end) ?? timingProblem(rules, start, now) ?? hoursProblem(day, start, end);
}

/** More people than the room holds is refused up front (a room without a capacity takes any number). */
export function capacityProblem(capacity: number | null, attendees: number | null | undefined): AppError | null {
  if (!capacity || !attendees || attendees <= capacity) return null;
  return errors.badRequest(
    'attendees_over_capacity',
    `该功能室最多容纳 ${capacity} 人`,
    `The room holds at most ${capacity} people`,
    { capacity, attendees },
  );
}
