import { describe, expect, it } from 'vitest';
import { addDays, clockMinutes, dateOfInstant, datesBetween, formatClock, instantAt, isoWeekday, minuteOfDate, mondayOf, spanLabel, weekDates } from './time';

describe('room time helpers (China time)', () => {
  it('steps over month and year ends and finds weekdays and Mondays', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(weekDates('2026-11-23')).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(datesBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('reads and writes clock times, midnight at the end of the day included', () => {
    expect(clockMinutes('19:30')).toBe(1170);
    expect(clockMinutes('24:00')).toBe(1440);
    expect(formatClock(1170)).toBe('19:30');
    expect(formatClock(1440)).toBe('24:00');
  });

  it('builds the instants the API takes, moving 24:00 to the next midnight', () => {
    expect(instantAt('2026-03-03', '19:00')).toBe('2026-03-03T19:00:00+08:00');
    expect(instantAt('2026-03-31', '24:00')).toBe('2026-04-01T00:00:00+08:00');
  });

  it('places instants on China-time days whatever offset they carry', () => {
    // 17:30 UTC is 01:30 the next day in Beijing.
    expect(dateOfInstant('2026-03-03T17:30:00Z')).toBe('2026-03-04');
    expect(minuteOfDate('2026-03-03T19:00:00+08:00', '2026-03-03')).toBe(1140);
    expect(minuteOfDate('2026-03-04T00:00:00+08:00', '2026-03-03')).toBe(1440);
    expect(spanLabel('2026-03-03T20:00:00+08:00', '2026-03-04T00:00:00+08:00')).toBe('20:00–24:00');
  });
});
